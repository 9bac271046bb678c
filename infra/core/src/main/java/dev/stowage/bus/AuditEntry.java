package dev.stowage.bus;

import dev.stowage.event.StowageEvent;

/** One message of an audit trail: its topic, key and decoded event. */
public record AuditEntry(String topic, String key, StowageEvent event) {}
