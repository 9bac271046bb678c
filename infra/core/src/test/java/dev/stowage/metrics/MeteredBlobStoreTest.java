package dev.stowage.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.oci.Digest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteredBlobStoreTest {
    @TempDir Path dir;

    private static long count(SimpleMeterRegistry meters, String operation, String outcome) {
        var t = meters.find("stowage.blob.store.operation").tags("store", "fs", "operation", operation, "outcome", outcome).timer();
        return t == null ? 0 : t.count();
    }

    @Test
    void timesEachOperationByOutcomeAndCountsCommittedBytes() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MeteredBlobStore store = new MeteredBlobStore(new FileSystemBlobStore(dir), "fs", meters);
        byte[] bytes = "hello, metrics".getBytes(StandardCharsets.UTF_8);
        BlobRef ref = store.put(bytes);
        assertThat(store.readAll(ref.digest())).isEqualTo(bytes);
        assertThatThrownBy(() -> store.size(Digest.ofBytes("absent".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(BlobNotFoundException.class);

        assertThat(count(meters, "exists", "ok")).isEqualTo(1);
        assertThat(count(meters, "commit", "ok")).isEqualTo(1);
        assertThat(count(meters, "open", "ok")).isEqualTo(1);
        assertThat(count(meters, "size", "error")).isEqualTo(1);
        assertThat(meters.find("stowage.blob.store.written").tags("store", "fs").counter().count()).isEqualTo(bytes.length);
        assertThat(store.describe()).isEqualTo(new FileSystemBlobStore(dir).describe());
    }

    /**
     * A decorator that misses a method of BlobStore silently falls back to its default (no local
     * file, so oci: outputs copy instead of linking; no touch, so gc may take a reused blob). Only
     * the methods BlobStore composes from the others may be left to it.
     */
    @Test
    void everyMethodOfTheStoreIsForwardedButThoseComposedFromOthers() {
        Set<String> composed = Set.of("put(byte[])", "readAll(Digest)", "delete(Digest)");
        List<String> missing = new ArrayList<>();
        for (Method m : BlobStore.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) continue;
            String name = m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                    .collect(Collectors.joining(",")) + ")";
            if (composed.contains(name)) continue;
            try {
                MeteredBlobStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(name);
            }
        }
        assertThat(missing).as("BlobStore methods MeteredBlobStore does not forward").isEmpty();
    }
}
