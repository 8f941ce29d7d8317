package io.gemcap.bench;

import io.gemcap.testing.S3Server;

/** An S3 server (objects in its own heap) in a process of its own, so a benchmark's heap and CPU are gemcap's alone. Prints its endpoint. */
public final class S3ServerProcess {

    private S3ServerProcess() {
    }

    /** @param args optionally a bucket and a count: that many one-byte objects are made in it before the endpoint is printed */
    public static void main(String[] args) throws Exception {
        S3Server server = new S3Server();
        if (args.length == 2) {
            server.createBucket(args[0]);
            for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                server.put(args[0], String.format("listed/d%04d/img%07d.jpg", i / 1000, i), new byte[] {1});
            }
        }
        System.out.println("endpoint " + server.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}
