package dev.stowage.it.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.fleet.Catalog;
import dev.stowage.cli.Main;
import dev.stowage.fleet.CatalogContract;
import dev.stowage.fleet.TestInputs;
import dev.stowage.fleet.kafka.KafkaCatalog;
import dev.stowage.it.harness.SharedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The catalog contract on a compacted topic of a real Kafka broker; each test gets its own topic. */
class KafkaCatalogTest extends CatalogContract {
    @RegisterExtension
    static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    private final List<KafkaCatalog> opened = new ArrayList<>();
    private String topic;

    @Override
    protected Catalog newCatalog() throws Exception {
        topic = SharedKafkaBroker.freshNamespace() + "stowage.catalog";
        return reopen();
    }

    @Override
    protected Catalog reopen() throws Exception {
        KafkaCatalog c = new KafkaCatalog(KAFKA.bootstrapServers(), topic, Duration.ofSeconds(60));
        opened.add(c);
        return c;
    }

    @AfterEach
    void close() {
        opened.forEach(KafkaCatalog::close);
    }

    @Test
    void theTopicIsCompactedAndARemoveIsATombstone() throws Exception {
        Catalog catalog = newCatalog();
        catalog.put(app());
        catalog.remove(app().name());
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(r)).all().get(60, TimeUnit.SECONDS);
            assertThat(configs.get(r).get("cleanup.policy").value()).isEqualTo("compact");
        }
        assertThat(SharedKafkaBroker.size(KAFKA.bootstrapServers(), topic)).isEqualTo(2); // the entry and its tombstone
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void fleetCommandsUseATopicAsTheCatalog() throws Exception {
        topic = SharedKafkaBroker.freshNamespace() + "stowage.catalog";
        String location = "kafka://" + KAFKA.bootstrapServers() + "/" + topic;
        TestInputs.input(tmp, "team/app", TestInputs.APP, TestInputs.appClosure());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int added = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "fleet", "add",
                tmp.resolve("team_app/image.json").toString(), "--out", "oci:" + tmp.resolve("layout"), "--catalog", location,
                "--blob-store", tmp.resolve("blobs").toString());
        assertThat(added).as(err.toString()).isZero();
        int listed = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "fleet", "list", "--catalog", location);
        assertThat(listed).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("team/app:1.0  linux/amd64 (4 paths)");
        assertThat(((Catalog) reopen()).get("team/app")).isPresent();
    }
}
