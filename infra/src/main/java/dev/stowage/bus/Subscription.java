package dev.stowage.bus;

/** A group membership; closing it lets in-flight handlers finish, commits, and leaves the group. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
