package dev.stowage.cli;

import dev.stowage.json.Json;
import dev.stowage.publisher.archive.DockerArchiveManifest;
import dev.stowage.publisher.output.ArchiveMerger;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage merge-archives OUT IN...}: several docker archives into one, like nixpkgs' {@code dockerTools.mergeImages}. */
@Command(name = "merge-archives", description = "Merge docker-archive tars (plain or gzip) into one tar that `docker load` loads as all their images.")
final class MergeArchivesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUT", description = "the merged archive to write (plain tar)") Path out;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IN", description = "docker archives to merge, in this order") List<Path> inputs;
    @Option(names = "--json", description = "print the merged manifest.json entries as JSON") boolean json;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        ArchiveMerger.Merged merged = new ArchiveMerger().merge(out, inputs);
        if (json) {
            command.commandLine().getOut().println(Json.canonicalString(merged.images()));
        } else {
            PrintWriter err = command.commandLine().getErr();
            err.println("wrote " + out + ": " + merged.images().size() + " images, " + merged.files() + " files (" + merged.shared() + " shared)");
            for (DockerArchiveManifest m : merged.images()) err.println("  " + String.join(" ", m.repoTags()) + " " + m.config());
        }
        return ExitCodes.OK;
    }
}
