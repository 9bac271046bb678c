package dev.stowage.registryserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.json.Json;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BuildInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageListTest {
    private static PackageList list(String name) {
        return PackageList.parse(new RepositoryName(name));
    }

    @Test
    void componentsAreSortedDeduplicatedAndShellExpands() {
        assertThat(list("shell/hello")).isEqualTo(list("hello/shell")).isEqualTo(list("hello/shell/hello"));
        assertThat(list("shell/hello").canonicalName()).isEqualTo("hello/shell");
        assertThat(list("shell/hello").packages()).containsExactly("bashInteractive", "coreutils", "hello", "moreutils");
        assertThat(list("hello").platform()).isEmpty();
    }

    @Test
    void anArm64PrefixSelectsAarch64() {
        PackageList arm = list("arm64/hello");
        assertThat(arm.platform()).hasValue(Platform.parse("linux/arm64"));
        assertThat(arm.canonicalName()).isEqualTo("arm64/hello");
        assertThat(Fixtures.specs().platforms(arm)).containsExactly(Map.entry(Platform.parse("linux/arm64"), List.of(Fixtures.HELLO)));
        PackageList amd = list("amd64/hello");
        assertThat(amd.canonicalName()).isEqualTo("amd64/hello");
        assertThat(Fixtures.specs().platforms(amd)).containsOnlyKeys(Platform.parse("linux/amd64"));
        assertThatThrownBy(() -> list("arm64")).isInstanceOf(DistributionException.class)
                .satisfies(e -> assertThat(((DistributionException) e).code()).isEqualTo(ErrorCode.NAME_UNKNOWN));
    }

    @Test
    void anUnknownPackageIsNameUnknownNamingIt() {
        assertThatThrownBy(() -> Fixtures.specs().platforms(list("hello/nosuch"))).isInstanceOf(DistributionException.class)
                .hasMessageContaining("'nosuch'").hasMessageContaining("x86_64-linux")
                .satisfies(e -> assertThat(((DistributionException) e).code()).isEqualTo(ErrorCode.NAME_UNKNOWN));
        // shell needs all three of its packages: aarch64 has only hello
        assertThatThrownBy(() -> Fixtures.specs().platforms(list("arm64/shell"))).hasMessageContaining("'bashInteractive'");
    }

    @Test
    void lowerCaseNamesFindMixedCaseAttributes() {
        assertThat(Fixtures.specs().platforms(list("bashinteractive"))).containsExactly(Map.entry(Platform.parse("linux/amd64"), List.of(Fixtures.BASH)));
    }

    @Test
    void withoutAPrefixEveryPlatformWithAllThePackagesIsInTheSpec() {
        assertThat(Fixtures.specs().platforms(list("hello")).keySet()).containsExactly(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));
        // aarch64 lacks the shell: only amd64
        assertThat(Fixtures.specs().platforms(list("shell/hello")).keySet()).containsExactly(Platform.parse("linux/amd64"));
        String json = new String(Fixtures.specs().specJson(list("hello")));
        assertThat(json).contains("\"platform\":\"linux/amd64\"").contains("\"platform\":\"linux/arm64\"");
        assertThat(json.indexOf("linux/amd64")).isLessThan(json.indexOf("linux/arm64"));
        assertThat(Fixtures.specs().input(list("hello")).platforms()).hasSize(2);
    }

    @Test
    void theSpecIsPinnedJson() {
        PackageSpecs specs = Fixtures.specs();
        String json = new String(specs.specJson(list("shell/hello")));
        assertThat(json).isEqualTo("{\"config\":{\"Env\":[\"PATH=/bin\"]},\"name\":\"hello/shell\",\"platforms\":[{\"copyToRoot\":["
                + quoted() + "],\"platform\":\"linux/amd64\",\"roots\":[" + quoted() + "],\"source\":{\"allowUnsigned\":true,"
                + "\"cache\":\"file:///srv/cache\",\"trustedPublicKeys\":[]}}],\"tag\":\"latest\"}");
        BuildInput input = specs.input(list("shell/hello"));
        assertThat(input.digest()).isEqualTo(specs.input(list("hello/shell")).digest());
        assertThat(input.platforms().get(0).roots()).containsExactly(Fixtures.HELLO, Fixtures.BASH, Fixtures.COREUTILS, Fixtures.MOREUTILS);
        assertThat(Json.canonicalString(input.spec().config().env())).isEqualTo("[\"PATH=/bin\"]");
    }

    private static String quoted() {
        return "\"" + Fixtures.HELLO + "\",\"" + Fixtures.BASH + "\",\"" + Fixtures.COREUTILS + "\",\"" + Fixtures.MOREUTILS + "\"";
    }
}
