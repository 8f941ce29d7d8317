package io.gemcap.job;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This process as the owner of a run: its host and pid, as recorded for people and for the lease. */
public final class RunOwner {

    private RunOwner() {
    }

    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }
}
