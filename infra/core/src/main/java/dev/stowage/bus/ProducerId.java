package dev.stowage.bus;

import java.io.IOException;
import java.net.InetAddress;

/** Names who emitted an event, for the audit trail: {@code role@host#pid}. */
public final class ProducerId {
    private ProducerId() {}

    public static String of(String role) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return role + "@" + host + "#" + ProcessHandle.current().pid();
    }
}
