package dev.stowage.dashboard;

import dev.stowage.blob.BlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.kafka.TopicFollower;
import dev.stowage.dashboard.view.Views;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A running dashboard: a feed of events (an audit log followed, or the topics followed) folded into
 * {@link Views} and served by a {@link DashboardServer}; each change is pushed to the open event streams.
 */
public final class Dashboard implements AutoCloseable {
    private final Views views = new Views();
    private final DashboardServer server;
    private final AutoCloseable feed;

    private Dashboard(Vertx vertx, String host, int port, Feed feed) throws Exception {
        this.server = new DashboardServer(vertx, views, host, port);
        try {
            this.feed = feed.start(this::add);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** What the dashboard follows; {@code start} begins delivering entries to the sink. */
    private interface Feed {
        AutoCloseable start(Consumer<AuditEntry> sink);
    }

    /** Serves {@code host:port} on {@code vertx} and follows the audit log {@code file}. */
    public static Dashboard onAuditLog(Vertx vertx, Path file, String host, int port) throws Exception {
        return new Dashboard(vertx, host, port, sink -> new AuditLogTail(file, sink));
    }

    /**
     * Serves {@code host:port} on {@code vertx} and follows the topics of {@code namespace} on {@code kafka};
     * {@code claimChecks} may be null.
     */
    public static Dashboard onTopics(Vertx vertx, String kafka, String namespace, BlobStore claimChecks, String host, int port)
            throws Exception {
        return new Dashboard(vertx, host, port, sink -> new TopicFollower(kafka, namespace, claimChecks, sink));
    }

    private void add(AuditEntry entry) {
        views.add(entry.event()).ifPresent(server::changed);
    }

    public int port() {
        return server.port();
    }

    public Views views() {
        return views;
    }

    @Override
    public void close() throws Exception {
        try {
            feed.close();
        } finally {
            server.close();
        }
    }
}
