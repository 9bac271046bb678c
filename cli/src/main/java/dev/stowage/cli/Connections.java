package dev.stowage.cli;

import dev.stowage.nix.cache.BinaryCaches;
import dev.stowage.publisher.daemon.DockerEngine;
import dev.stowage.registry.RegistryAccess;
import java.util.function.Supplier;

/**
 * How a command reaches what is outside the process: registries (credentials, settings and the
 * process's Vert.x instance), binary caches, and the Docker Engine (resolved when a
 * {@code docker-daemon:} output needs it). Built by {@link ProcessContext#connections}.
 */
record Connections(RegistryAccess registries, BinaryCaches caches, Supplier<DockerEngine> docker) {}
