package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command of the tree (read from picocli's model, so a new command is covered) answers --help, -h and 'help …'. */
class HelpTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The path of every command below the root: [build], [fleet], [fleet, add], … */
    static Stream<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(Main.commandLine(), List.of(), all);
        return all.stream();
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> all) {
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> sub = new ArrayList<>(path);
            sub.add(e.getKey());
            all.add(List.copyOf(sub));
            walk(e.getValue(), sub, all);
        }
    }

    @Test
    void theTreeHoldsTheNestedCommands() {
        assertThat(commands().map(p -> String.join(" ", p)))
                .contains("build", "plan", "audit", "dashboard", "serve", "submit", "merge-archives", "help", "completion",
                        "fleet", "fleet add", "fleet remove", "fleet list", "fleet build", "fleet trigger", "fleet status", "fleet contains");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpOptionsAndHelpCommandPrintTheUsage(List<String> path) {
        String usage = "Usage: stowage " + String.join(" ", path);
        for (String flag : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(path);
            args.add(flag);
            Run r = run(args.toArray(String[]::new));
            assertThat(r.exit()).as(args + ": " + r.err()).isZero();
            assertThat(r.out()).as(args.toString()).startsWith(usage).contains("-h, --help");
            assertThat(r.err()).isEmpty();
        }
        List<String> args = new ArrayList<>(List.of("help"));
        args.addAll(path);
        Run viaHelp = run(args.toArray(String[]::new));
        assertThat(viaHelp.exit()).as(args + ": " + viaHelp.err()).isZero();
        assertThat(viaHelp.out()).startsWith(usage);
    }

    @Test
    void rootHelpListsEveryCommand() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"help"}, new String[] {"-h"})) {
            Run r = run(args);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).startsWith("Usage: stowage").contains("build", "fleet", "merge-archives", "completion", "help");
        }
    }

    @Test
    void unknownCommandInHelpIsOneUsageLine() {
        Run r = run("help", "fleet", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("'nope'").contains("stowage fleet").contains("add");
    }

    /** The advice of every usage error is a command that works. */
    @ParameterizedTest
    @MethodSource("commands")
    void usageErrorsPointToAHelpThatWorks(List<String> path) {
        if (path.equals(List.of("help"))) return; // picocli's help command is lenient by design
        List<String> args = new ArrayList<>(path);
        args.add("--no-such-flag");
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        Matcher m = Pattern.compile("\\(see '([^']+)'\\)$").matcher(r.err().strip());
        assertThat(m.find()).as(r.err()).isTrue();
        String[] advice = m.group(1).split(" ");
        assertThat(advice[0]).isEqualTo("stowage");
        Run help = run(Arrays.copyOfRange(advice, 1, advice.length));
        assertThat(help.exit()).as(m.group(1)).isZero();
        assertThat(help.out()).startsWith("Usage: " + String.join(" ", Arrays.copyOfRange(advice, 0, advice.length - 1)));
    }

    @Test
    void completionIsAValidBashScriptThatCompletesNestedCommands(@TempDir Path tmp) throws Exception {
        Run r = run("completion");
        assertThat(run("completion", "bash").out()).isEqualTo(r.out());
        assertThat(run("completion", "zsh").out()).isEqualTo(r.out());
        assertThat(run("completion", "fish").exit()).isEqualTo(2);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F").contains("merge-archives").contains("contains");
        Path script = Files.writeString(tmp.resolve("stowage-completion.bash"), r.out());
        // Source it and ask bash's completion function what follows "stowage fleet a".
        Path probe = Files.writeString(tmp.resolve("probe.bash"), "source " + script + "\n"
                + "COMP_WORDS=(stowage fleet a); COMP_CWORD=2; COMP_LINE='stowage fleet a'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_stowage stowage a fleet\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n");
        Process p = new ProcessBuilder("bash", probe.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String completions = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(completions).isZero();
        assertThat(completions.lines().toList()).as(completions).contains("add");
    }
}
