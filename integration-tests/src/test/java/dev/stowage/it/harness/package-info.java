/**
 * Starts the real components the integration tests run against (a Kafka broker, S3Proxy, the
 * distribution registry, Nix chroot stores), each on free loopback ports, each stopped afterwards.
 */
package dev.stowage.it.harness;
