package dev.stowage.registryserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessRulesTest {
    @TempDir Path tmp;
    static final Optional<String> ANONYMOUS = Optional.empty();
    static final Optional<String> ALICE = Optional.of("alice");
    static final Optional<String> BOB = Optional.of("bob");

    private AccessRules load(String json) throws IOException {
        return AccessRules.load(Files.writeString(tmp.resolve("access.json"), json));
    }

    private static RepositoryName name(String n) {
        return new RepositoryName(n);
    }

    @Test
    void theFirstMatchingRuleDecidesAndNoMatchIsDenied() throws IOException {
        AccessRules rules = load("[{\"names\":\"team-a/secret/**\",\"users\":[\"carol\"]},{\"names\":\"team-a/**\",\"users\":[\"alice\"]},"
                + "{\"names\":\"shell/**\",\"users\":[\"*\"]},{\"names\":\"public/**\",\"anonymous\":true}]");
        assertThat(rules.allows(ALICE, name("team-a/tool"))).isTrue();
        assertThat(rules.allows(ALICE, name("team-a"))).isTrue();
        assertThat(rules.allows(BOB, name("team-a/tool"))).isFalse();
        // the earlier, narrower rule decides: alice is not carol
        assertThat(rules.allows(ALICE, name("team-a/secret/x"))).isFalse();
        assertThat(rules.allows(Optional.of("carol"), name("team-a/secret/x"))).isTrue();
        assertThat(rules.allows(BOB, name("shell/hello"))).isTrue();
        assertThat(rules.allows(ANONYMOUS, name("shell/hello"))).isFalse();
        assertThat(rules.allows(ANONYMOUS, name("public/a/b"))).isTrue();
        assertThat(rules.allows(BOB, name("public/a/b"))).isTrue();
        assertThat(rules.allows(ALICE, name("team-b/tool"))).isFalse();
        assertThat(rules.allows(ALICE, name("team-ab/tool"))).isFalse();
        assertThat(rules.firstNamedUser()).hasValue("carol");
    }

    @Test
    void oneStarStaysInOneComponentAndQuestionMarkIsOneCharacter() throws IOException {
        AccessRules rules = load("[{\"names\":\"*/hello\",\"users\":[\"alice\"]},{\"names\":\"v?\",\"users\":[\"alice\"]},"
                + "{\"names\":\"a.b\",\"users\":[\"alice\"]}]");
        assertThat(rules.allows(ALICE, name("shell/hello"))).isTrue();
        assertThat(rules.allows(ALICE, name("a/shell/hello"))).isFalse();
        assertThat(rules.allows(ALICE, name("v1"))).isTrue();
        assertThat(rules.allows(ALICE, name("v10"))).isFalse();
        // '.' is itself, not any character
        assertThat(rules.allows(ALICE, name("a.b"))).isTrue();
        assertThat(rules.allows(ALICE, name("axb"))).isFalse();
    }

    @Test
    void theDefaultsAreEveryoneOrEveryUser() {
        assertThat(AccessRules.anonymousEverywhere().allows(ANONYMOUS, name("x/y"))).isTrue();
        assertThat(AccessRules.everyUser().allows(ANONYMOUS, name("x/y"))).isFalse();
        assertThat(AccessRules.everyUser().allows(BOB, name("x/y"))).isTrue();
    }

    @Test
    void badRuleFilesAreBadInputNamingTheFileAndField() throws IOException {
        Path file = tmp.resolve("access.json");
        String[][] cases = {
            {"[{\"names\":\"a/**\",\"users\":[\"alice\"],\"group\":\"x\"}]", "group"},
            {"[{\"users\":[\"alice\"]}]", "names"},
            {"[{\"names\":\"a/**\",\"users\":\"alice\"}]", "users"},
            {"[{\"names\":\"a/**\",\"anonymous\":\"yes\"}]", "anonymous"},
            {"[{\"names\":\"a/**\"}]", "[0]"},
            {"[{\"names\":\"a/**\",\"users\":[\"a:b\"]}]", "[0].users"},
            {"[{\"names\":\"\",\"users\":[\"alice\"]}]", "[0].names"},
            {"{\"names\":\"a\"}", "access.json"},
            {"[", "access.json"},
        };
        for (String[] c : cases) {
            Files.writeString(file, c[0]);
            assertThatThrownBy(() -> AccessRules.load(file)).as(c[0]).isInstanceOf(BadInputException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(c[1]);
        }
        assertThatThrownBy(() -> AccessRules.load(tmp.resolve("absent.json"))).isInstanceOf(BadInputException.class).hasMessageContaining("absent.json");
    }
}
