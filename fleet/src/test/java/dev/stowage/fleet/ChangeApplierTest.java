package dev.stowage.fleet;

import static dev.stowage.fleet.TestInputs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.event.StorePathsChanged.NewRoots;
import dev.stowage.event.StorePathsChanged.Replacement;
import dev.stowage.nix.PathInfo;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.PlatformInput;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeApplierTest {
    @TempDir Path tmp;

    private static StorePathsChanged change(List<Replacement> replace, List<NewRoots> roots, List<PathInfo> closure) {
        return new StorePathsChanged(header("f-1"), replace, roots, closure, "test");
    }

    private static PlatformInput only(BuildInput input) {
        return input.platforms().get(0);
    }

    @Test
    void aReplacedRootSwapsOnePathAndRewritesTheSpec() throws Exception {
        BuildInput input = input(tmp, "team/app", APP, appClosure());
        BuildInput changed = ChangeApplier.apply(input, change(List.of(new Replacement(CACERT, CACERT_FIXED)), List.of(),
                List.of(info(CACERT_FIXED)))).orElseThrow();
        assertThat(only(changed).closure().paths()).containsExactlyInAnyOrder(APP, SSL, LIBC, CACERT_FIXED);
        assertThat(only(changed).roots()).containsExactlyInAnyOrder(APP, CACERT_FIXED);
        assertThat(changed.spec().config().env()).containsExactly("SSL_CERT_FILE=" + CACERT_FIXED + "/etc/ssl/certs/ca-bundle.crt");
        assertThat(only(changed).closure().require(APP)).isEqualTo(only(input).closure().require(APP));
    }

    @Test
    void aReplacedLibraryNeedsItsDependentsReplacedToo() throws Exception {
        BuildInput input = input(tmp, "team/app", APP, appClosure());
        assertThatThrownBy(() -> ChangeApplier.apply(input, change(List.of(new Replacement(SSL, SSL_FIXED)), List.of(),
                List.of(info(SSL_FIXED, LIBC), info(LIBC)))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(APP + " in image team/app still references it");
        BuildInput changed = ChangeApplier.apply(input, change(
                List.of(new Replacement(SSL, SSL_FIXED), new Replacement(APP, APP_FIXED)), List.of(),
                List.of(info(APP_FIXED, SSL_FIXED, LIBC), info(SSL_FIXED, LIBC), info(LIBC)))).orElseThrow();
        assertThat(only(changed).closure().paths()).containsExactlyInAnyOrder(APP_FIXED, SSL_FIXED, LIBC, CACERT);
        assertThat(changed.spec().config().cmd()).containsExactly(APP_FIXED + "/bin/run");
    }

    @Test
    void anImageWithoutTheOldPathIsUntouched() throws Exception {
        BuildInput input = input(tmp, "team/tool", TOOL, List.of(info(TOOL, LIBC), info(LIBC)));
        assertThat(ChangeApplier.apply(input, change(List.of(new Replacement(CACERT, CACERT_FIXED)), List.of(),
                List.of(info(CACERT_FIXED))))).isEmpty();
    }

    @Test
    void newRootsGiveTheImageTheirClosure() throws Exception {
        BuildInput input = input(tmp, "team/app", APP, appClosure());
        StorePathsChanged c = change(List.of(), List.of(new NewRoots("team/app", null, List.of(APP_FIXED))),
                List.of(info(APP_FIXED, SSL_FIXED, LIBC), info(SSL_FIXED, LIBC), info(LIBC)));
        BuildInput changed = ChangeApplier.apply(input, c).orElseThrow();
        assertThat(only(changed).closure().paths()).containsExactlyInAnyOrder(APP_FIXED, SSL_FIXED, LIBC);
        assertThat(ChangeApplier.apply(input(tmp, "team/tool", TOOL, List.of(info(TOOL))), c)).isEmpty();
        StorePathsChanged wrongPlatform = change(List.of(), List.of(new NewRoots("team/app",
                Platform.parse("linux/arm64"), List.of(APP_FIXED))), List.of(info(APP_FIXED, LIBC), info(LIBC)));
        assertThatThrownBy(() -> ChangeApplier.apply(input, wrongPlatform)).hasMessageContaining("has no platform linux/arm64");
    }

    @Test
    void theSameChangeGivesTheSameInput() throws Exception {
        BuildInput input = input(tmp, "team/app", APP, appClosure());
        StorePathsChanged c = change(List.of(new Replacement(CACERT, CACERT_FIXED)), List.of(), List.of(info(CACERT_FIXED)));
        assertThat(ChangeApplier.apply(input, c).orElseThrow().digest()).isEqualTo(ChangeApplier.apply(input, c).orElseThrow().digest());
    }
}
