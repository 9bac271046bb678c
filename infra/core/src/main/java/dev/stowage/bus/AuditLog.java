package dev.stowage.bus;

/** An append-only record of every message a bus carried. */
public interface AuditLog extends AutoCloseable {
    void append(String topic, String key, byte[] eventJson);

    @Override
    void close();

    static AuditLog none() {
        return new AuditLog() {
            @Override
            public void append(String topic, String key, byte[] eventJson) {}

            @Override
            public void close() {}
        };
    }
}
