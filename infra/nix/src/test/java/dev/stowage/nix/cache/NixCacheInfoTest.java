package dev.stowage.nix.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.spec.CacheSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class NixCacheInfoTest {
    @Test
    void parsesWhatNixWrites() {
        NixCacheInfo info = NixCacheInfo.parse("StoreDir: /nix/store\nWantMassQuery: 1\nPriority: 30\n");
        assertThat(info).isEqualTo(new NixCacheInfo("/nix/store", true, 30));
        assertThat(NixCacheInfo.parse("StoreDir: /gnu/store\n").priority()).isEqualTo(50);
        assertThatThrownBy(() -> NixCacheInfo.parse("Priority: 1\n")).hasMessageContaining("StoreDir");
    }

    @Test
    void cacheUrlsWithCredentialsAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> new CacheSource("https://user:hunter2@cache.example", List.of(), true))
                .hasMessageContaining("must not contain credentials").satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> new CacheSource("s3://b?endpoint=x&secret=hunter2", List.of(), true))
                .hasMessageContaining("must not contain credentials");
    }
}
