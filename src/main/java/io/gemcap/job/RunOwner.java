package io.gemcap.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

/** This process as the owner of a run, and whether the owner recorded for a run is still alive. */
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

    /**
     * On this host, the owner is alive while its process is and its heartbeat is recent; a reused pid
     * does not keep a dead run locked, because its heartbeat goes stale. On another host only the
     * heartbeat can tell.
     */
    public static boolean isAlive(RunRegistry.Run run, Duration staleAfter) {
        boolean fresh = run.heartbeat().isAfter(Instant.now().minus(staleAfter));
        if (run.host().equals(host())) {
            return fresh && ProcessHandle.of(run.pid()).map(ProcessHandle::isAlive).orElse(false);
        }
        return fresh;
    }
}
