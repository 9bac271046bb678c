package dev.stowage.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer group of the in-process bus: committed offsets, the partitions in flight, and the
 * members among which partitions are spread. All methods are called under the bus lock.
 */
final class InProcessGroup {
    record TopicPartition(String topic, int partition) {}

    private final String name;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Set<TopicPartition> inFlight = new HashSet<>();
    private final List<InProcessSubscription.Member> members = new ArrayList<>();

    InProcessGroup(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void join(InProcessSubscription.Member m) {
        members.add(m);
    }

    void leave(InProcessSubscription.Member m) {
        members.remove(m);
    }

    /** Partition {@code tp} belongs to the member at index hash(tp) mod size, like a range assignor. */
    boolean isAssignedTo(TopicPartition tp, InProcessSubscription.Member m) {
        if (members.isEmpty()) return false;
        int index = Math.floorMod(tp.hashCode(), members.size());
        return members.get(index) == m;
    }

    long committed(TopicPartition tp) {
        return committed.getOrDefault(tp, 0L);
    }

    boolean inFlight(TopicPartition tp) {
        return inFlight.contains(tp);
    }

    void markInFlight(TopicPartition tp) {
        inFlight.add(tp);
    }

    /** Releases the partition; commits {@code nextOffset} when it is not null. */
    void release(TopicPartition tp, Long nextOffset) {
        inFlight.remove(tp);
        if (nextOffset != null) committed.merge(tp, nextOffset, Math::max);
    }
}
