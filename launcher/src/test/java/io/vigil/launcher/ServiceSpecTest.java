package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSpecTest {

    @TempDir
    Path dir;

    @Test
    void everyServiceFindsKafkaItsPortAndTheConfigFile() throws Exception {
        List<ServiceSpec> specs = specs();

        assertThat(specs).extracting(ServiceSpec::name)
                .containsExactly("alert-service", "collector-service", "notifier-service", "health-service",
                        "domain-service");
        assertThat(specs).extracting(ServiceSpec::port).containsExactly(8080, 8081, 8082, 8083, 8084);
        assertThat(specs).allSatisfy(s -> assertThat(s.env())
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
                .containsEntry("QUARKUS_HTTP_PORT", Integer.toString(s.port()))
                .containsEntry("VIGIL_CONFIG_FILE", dir.resolve("vigil.yaml").toString()));
        assertThat(specs.get(0).jar()).isEqualTo(dir.resolve("alert-service/target/quarkus-app/quarkus-run.jar"));
    }

    @Test
    void servicesWithAnApiVerifyTokensWithTheLocalKeyAndNeverAnAuthServer() throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(dir.resolve("keys"));
        // The notifier has an API too (/api/routes, /api/deliveries); the collector has none.
        assertThat(specs().get(2).env()).containsEntry("QUARKUS_OIDC_PUBLIC_KEY", keys.publicKeyBase64());
        assertThat(specs().get(1).env()).doesNotContainKey("QUARKUS_OIDC_PUBLIC_KEY");
        Map<String, String> env = specs().get(0).env();

        assertThat(env).containsEntry("QUARKUS_OIDC_PUBLIC_KEY", keys.publicKeyBase64())
                .containsEntry("QUARKUS_OIDC_TOKEN_ISSUER", "vigil-local")
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", null)
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/vigil")
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:15432/vigil");
    }

    @Test
    void theDashboardReadsChecksAndDomainsFromTheServicesOfThisRun() throws Exception {
        assertThat(specs().get(0).env()).containsEntry("ALERT_HEALTH_URL", "http://127.0.0.1:8083")
                .containsEntry("ALERT_DOMAIN_URL", "http://127.0.0.1:8084");
    }

    @Test
    void eachStoringServiceLogsInAsItsOwnRoleNeverAsTheSuperuser() throws Exception {
        List<ServiceSpec> specs = specs();

        assertThat(specs.get(0).env()).containsEntry("QUARKUS_DATASOURCE_USERNAME", "vigil_alert")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "alert-secret");
        assertThat(specs.get(2).env()).containsEntry("QUARKUS_DATASOURCE_USERNAME", "vigil_notifier")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "notifier-secret");
        assertThat(specs.get(3).env()).containsEntry("QUARKUS_DATASOURCE_USERNAME", "vigil_health")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "health-secret");
        assertThat(specs.get(4).env()).containsEntry("QUARKUS_DATASOURCE_USERNAME", "vigil_domain")
                .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "domain-secret");
        assertThat(specs).allSatisfy(s -> assertThat(s.env().get("QUARKUS_DATASOURCE_USERNAME")).isNotEqualTo("postgres"));
    }

    @Test
    void healthServiceVerifiesTokensLikeTheAlertServiceAndMayCheckThisMachineAndTheLan() throws Exception {
        List<ServiceSpec> specs = specs();
        Map<String, String> health = specs.get(3).env();

        assertThat(health).containsAllEntriesOf(filter(specs.get(0).env(), "QUARKUS_OIDC_"))
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", null)
                .containsEntry("HEALTH_ALLOW_PRIVATE_TARGETS", "true")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/vigil");
        assertThat(specs.get(3).jar()).isEqualTo(dir.resolve("health-service/target/quarkus-app/quarkus-run.jar"));
        // Only the health-service checks outbound targets, so only it is let past the SSRF guard.
        assertThat(specs.subList(0, 3)).allSatisfy(s -> assertThat(s.env()).doesNotContainKey("HEALTH_ALLOW_PRIVATE_TARGETS"));
    }

    @Test
    void domainServiceVerifiesTokensLikeTheOthersAndMayReachThisMachinesEndpoints() throws Exception {
        List<ServiceSpec> specs = specs();
        Map<String, String> domain = specs.get(4).env();

        assertThat(domain).containsAllEntriesOf(filter(specs.get(0).env(), "QUARKUS_OIDC_"))
                .containsEntry("DOMAIN_ALLOW_PRIVATE_TARGETS", "true")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/vigil");
        assertThat(specs.get(4).jar()).isEqualTo(dir.resolve("domain-service/target/quarkus-app/quarkus-run.jar"));
        assertThat(specs.subList(0, 4)).allSatisfy(s -> assertThat(s.env()).doesNotContainKey("DOMAIN_ALLOW_PRIVATE_TARGETS"));
    }

    @Test
    void healthServiceGetsThePortsOfThisRunForTheDefaultConfigsVariables() throws Exception {
        Ports ports = Ports.fromEnvironment(Map.of("VIGIL_ALERT_PORT", "18080", "VIGIL_PG_PORT", "25432",
                "VIGIL_HEALTH_PORT", "18083")::get);
        ServiceSpec health = ServiceSpec.all(dir, ports, dir.resolve("vigil.yaml"), SigningKeys.loadOrCreate(dir.resolve("keys")),
                passwords()).get(3);

        assertThat(health.port()).isEqualTo(18083);
        assertThat(health.env()).containsEntry("VIGIL_ALERT_PORT", "18080").containsEntry("VIGIL_PG_PORT", "25432")
                .containsEntry("QUARKUS_HTTP_PORT", "18083");
    }

    @Test
    void everyServiceStartsWithASmallHeapThatMayGrowToItsOwnCeiling() throws Exception {
        List<ServiceSpec> specs = specs();

        assertThat(specs).allSatisfy(s -> assertThat(s.command())
                .containsSubsequence(ChildProcess.javaBinary(), "-XX:+UseSerialGC", "-Xms16m", "-jar", s.jar().toString())
                .filteredOn(f -> f.startsWith("-Xmx")).hasSize(1));
        assertThat(specs).extracting(s -> s.command().stream().filter(f -> f.startsWith("-Xmx")).findFirst().orElseThrow())
                .containsExactly("-Xmx256m", "-Xmx64m", "-Xmx128m", "-Xmx256m", "-Xmx128m");
        assertThat(specs).allSatisfy(s -> assertThat(s.env()).containsEntry("MALLOC_ARENA_MAX", "2"));
    }

    @Test
    void onlyTheAlertServiceKeepsTheOptimisingCompilerForItsRuleEngine() throws Exception {
        List<ServiceSpec> specs = specs();

        assertThat(specs.get(0).command()).noneMatch(f -> f.startsWith("-XX:TieredStopAtLevel"));
        assertThat(specs.subList(1, 5)).allSatisfy(s -> assertThat(s.command()).contains("-XX:TieredStopAtLevel=1"));
    }

    @Test
    void theClassDataArchiveIsUsedWhenTheBuildWroteOneAndTheServiceRunsBesideIt() throws Exception {
        Path alertApp = Files.createDirectories(dir.resolve("alert-service/target/quarkus-app"));
        Files.writeString(alertApp.resolve("app-cds.jsa"), "archive");
        List<ServiceSpec> specs = specs();

        assertThat(specs.get(0).command()).contains("-XX:SharedArchiveFile=" + alertApp.resolve("app-cds.jsa"))
                .containsSubsequence("-XX:SharedArchiveFile=" + alertApp.resolve("app-cds.jsa"), "-jar");
        assertThat(specs.get(1).command()).noneMatch(f -> f.startsWith("-XX:SharedArchiveFile"));
        // The archive names quarkus-run.jar relative to its own directory.
        assertThat(specs).allSatisfy(s -> assertThat(s.workDir()).isEqualTo(s.jar().getParent()));
    }

    @Test
    void onlyTheServicesThatStoreGetTheDatabase() throws Exception {
        List<ServiceSpec> specs = specs();

        assertThat(specs.get(1).env()).doesNotContainKey("QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(specs.get(2).env()).containsKey("QUARKUS_DATASOURCE_JDBC_URL");
    }

    private List<ServiceSpec> specs() throws Exception {
        return ServiceSpec.all(dir, Ports.fromEnvironment(name -> null), dir.resolve("vigil.yaml"),
                SigningKeys.loadOrCreate(dir.resolve("keys")), passwords());
    }

    private static Map<DatabaseRoles.Role, String> passwords() {
        return Map.of(DatabaseRoles.ALERT, "alert-secret", DatabaseRoles.NOTIFIER, "notifier-secret",
                DatabaseRoles.HEALTH, "health-secret", DatabaseRoles.DOMAIN, "domain-secret");
    }

    private static Map<String, String> filter(Map<String, String> env, String prefix) {
        Map<String, String> m = new java.util.HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                m.put(k, v);
            }
        });
        return m;
    }
}
