package dev.stowage.cli;

import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.bus.kafka.TopicTimelineReader;
import dev.stowage.error.BadInputException;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.FleetImageRebuilt;
import dev.stowage.event.FleetRebuildFinished;
import dev.stowage.event.FleetRebuildPlanned;
import dev.stowage.event.StowageEvent;
import dev.stowage.json.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code stowage fleet status ID [--kafka HOST:PORT]}: a fleet rebuild's plan, per-image results
 * and totals, from the audit log or (with {@code --kafka}) from the topics, read from the beginning.
 */
@Command(name = "status", description = "Show a fleet rebuild's progress and result.")
final class FleetStatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "fleet rebuild id (f-…)") String id;
    @Option(names = "--json", description = "print the rebuild's fleet events as JSON") boolean json;
    @Mixin FleetPaths paths;
    @Mixin KafkaOptions kafka;
    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        String log;
        List<AuditEntry> entries;
        if (kafka.address != null) {
            kafka.require(command.commandLine());
            log = "the topics of " + kafka.address;
            entries = new TopicTimelineReader(kafka.address.toString(), kafka.namespace, null).readAll();
        } else {
            Path file = paths.auditLog();
            if (!Files.exists(file)) throw new BadInputException(file.toString(), "no such audit log");
            log = file.toString();
            entries = AuditLogReader.read(file);
        }
        List<StowageEvent> events = entries.stream().map(AuditEntry::event).filter(e -> e.buildId().equals(id)).toList();
        FleetRebuildPlanned plan = first(events, FleetRebuildPlanned.class);
        BuildFailed failed = first(events, BuildFailed.class);
        if (plan == null && failed == null) throw new BadInputException(id, "no fleet rebuild with this id in " + log);
        Map<String, FleetImageRebuilt> images = new LinkedHashMap<>();
        for (StowageEvent e : events) if (e instanceof FleetImageRebuilt r) images.putIfAbsent(r.imageBuildId(), r);
        FleetRebuildFinished finished = first(events, FleetRebuildFinished.class);
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("fleetRebuild", id);
            status.put("state", failed != null ? "failed" : finished != null ? "finished" : "running");
            if (plan != null) status.put("planned", plan);
            status.put("images", List.copyOf(images.values()));
            if (finished != null) status.put("totals", finished);
            if (failed != null) status.put("failure", failed);
            out.println(Json.canonicalString(status));
            return ExitCodes.OK;
        }
        if (failed != null) {
            out.println("fleet rebuild " + id + ": failed: " + failed.message());
            return ExitCodes.OK;
        }
        out.println("fleet rebuild " + id + " (" + plan.reason() + "): " + images.size() + " of " + plan.images().size() + " images done"
                + (finished != null ? "" : ", still running or interrupted"));
        images.values().forEach(r -> out.println(FleetRunner.line(r)));
        if (finished != null) out.println(FleetRunner.summary(id, finished));
        return ExitCodes.OK;
    }

    private static <T> T first(List<StowageEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }
}
