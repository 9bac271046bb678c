package dev.stowage.nix.cache;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import dev.stowage.nix.FileSystemObjectVisitor;
import dev.stowage.nix.NarHash;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheStorePathContentsTest {
    private static final StorePath PATH = StorePath.parse("/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-data-1.0");

    @Test
    void aNarLongerThanItsNarSizeIsRefusedNamingThePath() {
        byte[] real = TestNars.regularFile("x".repeat(1000));
        long claimedSize = 200;
        Digest claimedHash = Digest.ofBytes(real);
        MemoryCache cache = new MemoryCache();
        cache.files.put(PATH.hash() + ".narinfo", ("StorePath: " + PATH + "\nURL: nar/x.nar\nCompression: none\nNarHash: "
                + NarHash.toNixBase32(claimedHash) + "\nNarSize: " + claimedSize + "\nReferences: \n").getBytes(StandardCharsets.UTF_8));
        cache.files.put("nar/x.nar", real);
        CacheStorePathContents source = new CacheStorePathContents(cache, new TrustPolicy(List.of(), true));
        assertThatThrownBy(() -> source.accept(PATH, claimedHash, claimedSize, new FileSystemObjectVisitor() {
            @Override
            public void directory(String path) {}

            @Override
            public void regularFile(String path, boolean executable, long size, InputStream contents) throws IOException {
                contents.transferTo(OutputStream.nullOutputStream());
            }

            @Override
            public void symlink(String path, String target) {}
        })).isInstanceOf(BadInputException.class).hasMessageContaining(PATH.toString()).hasMessageContaining("larger than its NarSize");
    }

    @Test
    void aCacheForAnotherStoreDirIsRefused() {
        MemoryCache cache = new MemoryCache();
        cache.files.put("nix-cache-info", "StoreDir: /nix/store\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> NixCacheInfo.of(cache, "/gnu/store")).hasMessageContaining("serves store /nix/store");
        assertThatThrownBy(() -> NixCacheInfo.of(new MemoryCache(), "/nix/store")).hasMessageContaining("no nix-cache-info");
    }
}
