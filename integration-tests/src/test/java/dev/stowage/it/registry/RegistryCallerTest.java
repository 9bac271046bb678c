package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.net.BoundedRetry;
import dev.stowage.oci.Digest;
import dev.stowage.registry.BlobHead;
import dev.stowage.registry.RegistryCaller;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The caller against the real docker-registry. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryCallerTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    @TempDir Path tmp;

    /**
     * Regression: a HEAD answer arrives with its end in one read; when the body handler was attached
     * after that, the answer was lost and the call waited for its timeout (one in a few pushes).
     * With one attempt and a short timeout, every one of many HEADs must be answered.
     */
    @Test
    void everyShortAnswerArrives() throws Exception {
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"));
             RegistryCaller caller = new RegistryCaller(vertx.get(), registry.host(), true, Optional.empty(),
                     new BoundedRetry(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(5))) {
            for (int i = 0; i < 300; i++) {
                Digest absent = Digest.ofBytes(("blob " + i).getBytes(StandardCharsets.UTF_8));
                assertThat(caller.call(new BlobHead("team/app", absent))).isFalse();
            }
        }
    }
}
