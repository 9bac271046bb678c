package dev.stowage.bus;

/** Names who emitted an event, for the audit trail: {@code role@host#pid}. */
public final class ProducerId {
    private ProducerId() {}

    public static String of(String role) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return role + "@" + host + "#" + ProcessHandle.current().pid();
    }
}
