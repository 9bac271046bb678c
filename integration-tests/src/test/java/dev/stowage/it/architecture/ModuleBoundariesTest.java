package dev.stowage.it.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.it.harness.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The module map's dependency rules (docs/architecture.md) really fail the build: on a copy of the
 * repository's poms, a forbidden dependency added to one module makes {@code mvn validate} of that
 * module fail with the module's reason and the offending artifact; the unchanged poms validate.
 * Runs the real Maven, offline, against the local repository the surrounding build uses.
 */
class ModuleBoundariesTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path copy;

    @BeforeAll
    static void copyThePoms() throws IOException {
        try (Stream<Path> files = Files.walk(REPOSITORY)) {
            for (Path pom : files.filter(ModuleBoundariesTest::isModulePom).toList()) {
                Path target = copy.resolve(REPOSITORY.relativize(pom));
                Files.createDirectories(target.getParent());
                Files.copy(pom, target);
            }
        }
    }

    private static boolean isModulePom(Path p) {
        if (!p.getFileName().toString().equals("pom.xml")) return false;
        Path relative = REPOSITORY.relativize(p);
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".")) return false;
        }
        return true;
    }

    @Test
    void theRepositorysPomsPassTheirOwnRules() {
        Tools.Result r = validate(copy, "planner,fleet,layer-worker,publisher,infra/core");
        assertThat(r.exitCode()).as(r.stdout()).isZero();
    }

    @ParameterizedTest(name = "{0} + {1}:{2}")
    @CsvSource({
        "planner, org.apache.kafka, kafka-clients, the planner is a pure function",
        "planner, io.vertx, vertx-core, the planner is a pure function",
        "planner, software.amazon.awssdk, s3, the planner is a pure function",
        "planner, org.xerial, sqlite-jdbc, the planner is a pure function",
        "planner, dev.stowage, stowage-kafka, the planner is a pure function",
        "infra/core, io.vertx, vertx-core, core is the shared model",
        "fleet, dev.stowage, stowage-publisher, the fleet plans rebuilds from events",
        "layer-worker, dev.stowage, stowage-registry, a layer worker reads Nix and writes blobs",
        "publisher, org.apache.kafka, kafka-clients, the publisher writes finished images",
    })
    void aForbiddenDependencyFailsTheBuild(String module, String group, String artifact, String reason, @TempDir Path tmp) throws IOException {
        Path tree = tmp.resolve("repo");
        copyTree(copy, tree);
        Path pom = tree.resolve(module).resolve("pom.xml");
        String text = Files.readString(pom);
        int at = text.indexOf("<dependencies>");
        assertThat(at).as("%s has a dependencies section", pom).isPositive();
        String added = "<dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId></dependency>";
        Files.writeString(pom, text.substring(0, at + "<dependencies>".length()) + added + text.substring(at + "<dependencies>".length()));

        Tools.Result r = validate(tree, module);

        assertThat(r.exitCode()).as(r.stdout()).isNotZero();
        assertThat(r.stdout()).contains("module-boundaries").contains(reason).contains(group + ":" + artifact + ":jar");
    }

    private static Tools.Result validate(Path tree, String modules) {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-o", "-B", "-f", tree.resolve("pom.xml").toString(), "validate", "-pl", modules, "-am"));
        String localRepository = System.getProperty("stowage.maven.repo.local");
        if (localRepository != null && !localRepository.isBlank()) cmd.add("-Dmaven.repo.local=" + localRepository);
        return Tools.attempt(Map.of(), Duration.ofMinutes(3), null, cmd);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(p));
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
    }
}
