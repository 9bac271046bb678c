package dev.stowage.dashboard.view;

import java.time.Instant;

/** An assembler or publisher step of a build: who ({@code lane}), when, and what it made ({@code detail}: a digest or destinations). */
public record StepView(String stage, String lane, String platform, Instant at, String detail) {}
