package dev.stowage.cli;

import dev.stowage.event.BuildFailed;
import dev.stowage.event.Published;
import dev.stowage.json.Json;
import dev.stowage.oci.MediaTypes;
import java.io.PrintWriter;
import picocli.CommandLine;

/** How {@code build} and {@code submit --wait} report a finished build, and their exit codes. */
final class Outcome {
    private Outcome() {}

    static int failed(CommandLine cl, BuildFailed f) {
        cl.getErr().println("stowage: error: " + f.message());
        return f.kind() == BuildFailed.Kind.BAD_INPUT ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
    }

    static int published(CommandLine cl, BuildResult r, boolean json) {
        if (json) {
            cl.getOut().println(Json.canonicalString(r));
            return ExitCodes.OK;
        }
        PrintWriter err = cl.getErr();
        err.println("built " + r.name() + ":" + r.tag() + " " + r.index());
        for (Published.Destination d : r.outputs()) {
            boolean list = MediaTypes.DOCKER_MANIFEST_LIST.equals(d.mediaType());
            err.println("  wrote " + d.target() + " (" + d.digest() + ")" + (list
                    ? " as a Docker manifest list: the registry refused the OCI index, so no annotations or attached SBOM/provenance there"
                    : ""));
        }
        return ExitCodes.OK;
    }
}
