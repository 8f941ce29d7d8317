package io.gemcap.bench;

import io.gemcap.testing.S3Server;

/** An S3 server (objects in its own heap) in a process of its own, so a benchmark's heap and CPU are gemcap's alone. Prints its endpoint. */
public final class S3ServerProcess {

    private S3ServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        S3Server server = new S3Server();
        System.out.println("endpoint " + server.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}
