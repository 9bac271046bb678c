package dev.stowage.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Platform;
import org.junit.jupiter.api.Test;

class NixSystemTest {
    @Test
    void mapsOciPlatformsToNixSystems() {
        assertThat(NixSystem.of(Platform.parse("linux/amd64"))).isEqualTo("x86_64-linux");
        assertThat(NixSystem.of(Platform.parse("linux/arm64/v8"))).isEqualTo("aarch64-linux");
        assertThat(NixSystem.of(Platform.parse("linux/arm/v7"))).isEqualTo("armv7l-linux");
        assertThat(NixSystem.of(Platform.parse("linux/arm/v6"))).isEqualTo("armv6l-linux");
        assertThat(NixSystem.of(Platform.parse("linux/386"))).isEqualTo("i686-linux");
        assertThat(NixSystem.of(Platform.parse("darwin/arm64"))).isEqualTo("aarch64-darwin");
    }

    @Test
    void rejectsUnknownArchitectures() {
        assertThatThrownBy(() -> NixSystem.of(Platform.parse("linux/wasm"))).hasMessageContaining("linux/wasm");
    }
}
