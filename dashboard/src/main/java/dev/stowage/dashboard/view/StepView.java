package dev.stowage.dashboard.view;

import java.time.Instant;

/**
 * A step of a build besides its layer tasks: {@code kind} {@code image} (a platform's manifest
 * assembled), {@code index}, {@code published} or {@code failed}; who ({@code stage} and {@code lane}),
 * when, and what it made or why it stopped ({@code detail}: a digest, destinations or the message).
 */
public record StepView(String kind, String stage, String lane, String platform, Instant at, String detail) {}
