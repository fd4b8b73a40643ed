package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.events.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Kafka child JVM and PostgreSQL, started through the launcher's own classes on random
 * ports; the services' database roles and password authentication, including a home of an older
 * version whose schemas belong to the superuser.
 */
class InfrastructureIT {

    @TempDir
    Path dir;

    private final List<Supervisor> supervisors = new ArrayList<>();
    private final Console console = new Console(new PrintStream(new ByteArrayOutputStream()));

    @AfterEach
    void stopWhateverIsLeft() {
        supervisors.forEach(Supervisor::stopAll);
    }

    @Test
    void runsKafkaAndPostgresLeavesNoProcessBehindAndKeepsTheDataForTheNextRun() throws Exception {
        VigilHome home = new VigilHome(dir);
        Ports ports = randomPorts();

        // Run 1: fresh directory.
        Supervisor first = supervisor();
        Infrastructure.Running run1 = Infrastructure.start(home, ports, Vigil.libDir(), first, console);
        run1.awaitKafka(console);
        String value = "sample-" + UUID.randomUUID();
        produce(run1, value);
        assertThat(consumeAll(run1)).contains(value);
        try (Connection c = jdbc(run1); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v text)");
            st.execute("INSERT INTO kept VALUES ('" + value + "')");
        }
        String clusterMeta = Files.readString(new KafkaSettings(home.kafkaDir(), 0, 0).metaProperties());
        List<ProcessHandle> processes1 = first.processes();
        assertThat(processes1).hasSizeGreaterThanOrEqualTo(2);
        // Make it look like a home of an older version: no roles, the alert schema and its tables the superuser's.
        try (Connection c = jdbc(run1); Statement st = c.createStatement()) {
            st.execute("DROP OWNED BY vigil_alert");
            st.execute("DROP ROLE vigil_alert");
            st.execute("CREATE SCHEMA alert");
            st.execute("CREATE TABLE alert.flyway_schema_history (installed_rank int PRIMARY KEY)");
            st.execute("CREATE TABLE alert.alerts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n serial)");
            st.execute("INSERT INTO alert.alerts DEFAULT VALUES");
            st.execute("CREATE SEQUENCE alert.loose_seq");
            st.execute("CREATE VIEW alert.open_alerts AS SELECT id FROM alert.alerts");
        }

        first.stopAll();

        assertThat(processes1).noneMatch(ProcessHandle::isAlive);

        // Older versions kept no secrets: the superuser password is new and the cluster is taken over.
        deleteRecursively(home.secretsDir());
        // A killed run leaves postmaster.pid behind; here it names a live process that is not PostgreSQL.
        Files.writeString(home.postgresDataDir().resolve("postmaster.pid"),
                ProcessHandle.current().pid() + "\n" + home.postgresDataDir() + "\n");

        // Run 2: same directory, data reused, storage not formatted again.
        Supervisor second = supervisor();
        Infrastructure.Running run2 = Infrastructure.start(home, ports, Vigil.libDir(), second, console);
        run2.awaitKafka(console);

        try (Admin admin = admin(run2)) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).containsAll(Topics.ALL);
        }
        assertThat(consumeAll(run2)).contains(value);
        try (Connection c = jdbc(run2); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(value);
        }
        assertThat(Files.readString(new KafkaSettings(home.kafkaDir(), 0, 0).metaProperties())).isEqualTo(clusterMeta);
        assertRolesOwnTheirSchemasAndPasswordsAreRequired(run2, home);
        List<ProcessHandle> processes2 = second.processes();

        second.stopAll();

        assertThat(processes2).isNotEmpty().noneMatch(ProcessHandle::isAlive);
        assertThat(home.postgresDataDir().resolve("postmaster.pid")).doesNotExist();
    }

    private static void assertRolesOwnTheirSchemasAndPasswordsAreRequired(Infrastructure.Running run, VigilHome home)
            throws Exception {
        Secrets secrets = new Secrets(home.secretsDir());
        String url = run.postgres().jdbcUrl();
        String alertPassword = secrets.password(DatabaseRoles.ALERT.secret());
        String notifierPassword = secrets.password(DatabaseRoles.NOTIFIER.secret());
        String healthPassword = secrets.password(DatabaseRoles.HEALTH.secret());

        // Every relation of the older home's schema now belongs to the role, the Flyway history included.
        try (Connection c = jdbc(run); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT n.nspname || '.' || coalesce(c.relname, '') || ' ' || pg_get_userbyid(coalesce(c.relowner, n.nspowner))"
                        + " FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r','S','v')"
                        + " WHERE n.nspname IN ('alert', 'notifier', 'health') ORDER BY 1")) {
            List<String> owners = new ArrayList<>();
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
            assertThat(owners).containsExactly(
                    "alert.alerts vigil_alert", "alert.alerts_id_seq vigil_alert", "alert.alerts_n_seq vigil_alert",
                    "alert.flyway_schema_history vigil_alert", "alert.loose_seq vigil_alert",
                    "alert.open_alerts vigil_alert", "health. vigil_health", "notifier. vigil_notifier");
        }
        try (Connection alert = DriverManager.getConnection(url, "vigil_alert", alertPassword);
                Statement st = alert.createStatement()) {
            st.execute("CREATE TABLE created_by_the_role (v int)"); // search_path: its own schema
            st.execute("INSERT INTO alert.alerts DEFAULT VALUES");
            assertThatThrownBy(() -> st.execute("CREATE TABLE public.not_here (v int)")).isInstanceOf(SQLException.class);
        }
        try (Connection notifier = DriverManager.getConnection(url, "vigil_notifier", notifierPassword);
                Statement st = notifier.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM alert.alerts"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
        try (Connection health = DriverManager.getConnection(url, "vigil_health", healthPassword);
                Statement st = health.createStatement()) {
            st.execute("CREATE TABLE results_of_the_role (v int)");
            try (ResultSet rs = st.executeQuery("SELECT schemaname FROM pg_tables WHERE tablename = 'results_of_the_role'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("search_path: its own schema").isEqualTo("health");
            }
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM alert.alerts"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
        // Passwords are required over TCP: a wrong one, the superuser's old fixed one, another database.
        assertThatThrownBy(() -> DriverManager.getConnection(url, "vigil_alert", notifierPassword).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(url, PostgresServer.USER, "postgres").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(url.replace("/vigil", "/postgres"), "vigil_alert",
                alertPassword).close()).isInstanceOf(SQLException.class);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.secretsDir()))).isEqualTo("rwx------");
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Supervisor supervisor() {
        Supervisor s = new Supervisor();
        supervisors.add(s);
        return s;
    }

    private static Ports randomPorts() {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < 3) {
            ports.add(PortCheck.freePort());
        }
        Integer[] p = ports.toArray(Integer[]::new);
        return new Ports(p[0], p[1], p[2], 0, 0, 0, 0, 0);
    }

    private static void produce(Infrastructure.Running run, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka().settings().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.METRICS, "host-1", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads the metrics topic from the beginning with a fresh group until something arrives. */
    private static List<String> consumeAll(Infrastructure.Running run) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka().settings().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.METRICS));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return !values.isEmpty();
            });
        }
        return values;
    }

    private static Connection jdbc(Infrastructure.Running run) throws Exception {
        return run.postgres().connect(PostgresServer.DATABASE);
    }

    private static Admin admin(Infrastructure.Running run) {
        return Admin.create(Map.of("bootstrap.servers", run.kafka().settings().bootstrapServers()));
    }
}
