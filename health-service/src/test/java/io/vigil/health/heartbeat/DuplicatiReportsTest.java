package io.vigil.health.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.health.heartbeat.DuplicatiReport.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DuplicatiReportsTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    private static String sample(String name) {
        try (InputStream in = DuplicatiReportsTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What Duplicati's {@code Uri.EscapeDataString} makes of a message: spaces as %20, not '+'. */
    private static String escaped(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String form(String text) {
        return "message=" + escaped(text);
    }

    // ------------------------------------------------------------ JSON (--send-http-json-urls)

    @Test
    void readsEveryFieldOfTheJsonReport() {
        // Given the body --send-http-json-urls posts after a backup with two warnings
        String body = sample("duplicati-json-warning.json");

        // When
        DuplicatiReport report = DuplicatiReports.parse(JSON, body);

        // Then
        assertThat(report.result()).isEqualTo(Result.WARNING);
        assertThat(report.operation()).isEqualTo("Backup");
        assertThat(report.isBackup()).isTrue();
        assertThat(report.backupName()).isEqualTo("nas01 photos");
        assertThat(report.beginTime()).isEqualTo(Instant.parse("2026-11-20T01:00:00.0001234Z"));
        assertThat(report.endTime()).isEqualTo(Instant.parse("2026-11-20T01:14:51.2087193Z"));
        assertThat(report.duration()).isEqualTo(Duration.ofMinutes(14).plusSeconds(51).plusNanos(208_595_900));
        assertThat(report.examinedBytes()).isEqualTo(412_316_860_416L);
        assertThat(report.addedBytes()).isEqualTo(734_003_200L);
        assertThat(report.warnings()).isEqualTo(2);
        assertThat(report.errors()).isZero();
        assertThat(report.errorMessages()).isEmpty();
    }

    @Test
    void takesWarningsFromLogLinesOneLineEach() {
        DuplicatiReport report = DuplicatiReports.parse(JSON, sample("duplicati-json-warning.json"));

        // The first log line carries an exception on a second line; only the message stays.
        assertThat(report.warningMessages()).containsExactly(
                "Failed to process path: /srv/photos/2026/11/IMG_0412.HEIC",
                "Failed to process path: /srv/photos/2026/11/IMG_0413.HEIC");
    }

    @Test
    void acceptsAJsonContentTypeWithACharset() {
        DuplicatiReport report = DuplicatiReports.parse("Application/JSON; charset=utf-8",
                sample("duplicati-json-warning.json"));

        assertThat(report.result()).isEqualTo(Result.WARNING);
    }

    @Test
    void sniffsJsonSentWithoutAContentType() {
        DuplicatiReport report = DuplicatiReports.parse(null, sample("duplicati-json-warning.json"));

        assertThat(report.backupName()).isEqualTo("nas01 photos");
    }

    @Test
    void readsJsonSentUnderAFormContentType() {
        // Given a relay that posts the JSON but keeps the form content type
        DuplicatiReport report = DuplicatiReports.parse(FORM, sample("duplicati-json-warning.json"));

        assertThat(report.result()).isEqualTo(Result.WARNING);
    }

    @Test
    void readsJsonHeldInTheMessageFormField() {
        // Given a form post whose message is the JSON report
        String body = form(sample("duplicati-json-warning.json"));

        DuplicatiReport report = DuplicatiReports.parse(FORM, body);

        assertThat(report.result()).isEqualTo(Result.WARNING);
        assertThat(report.warnings()).isEqualTo(2);
    }

    @Test
    void anExceptionInPlaceOfTheResultIsFatal() {
        // Given older Duplicati, which hands the exception over as the result: Newtonsoft's exception shape
        String body = """
                {"Data": {"ClassName": "Duplicati.Library.Interface.UserInformationException",
                          "Message": "Found 4 files that are missing from the remote storage, please run repair",
                          "StackTraceString": "   at Duplicati.Library.Main.Operation.FilelistProcessor.VerifyRemoteList()",
                          "HResult": -2146233088},
                 "Extra": {"OperationName": "Backup", "backup-name": "nas01 documents"},
                 "LogLines": []}
                """;

        DuplicatiReport report = DuplicatiReports.parse(JSON, body);

        assertThat(report.result()).isEqualTo(Result.FATAL);
        assertThat(report.errors()).isEqualTo(1);
        assertThat(report.errorMessages())
                .containsExactly("Found 4 files that are missing from the remote storage, please run repair");
    }

    @Test
    void fallsBackToTheParsedResultInExtra() {
        // Given a template naming %PARSEDRESULT%, so Extra carries the level Duplicati computed
        String body = """
                {"Data": {"MainOperation": "Backup"}, "Extra": {"OperationName": "Backup", "ParsedResult": "Fatal"}}
                """;

        assertThat(DuplicatiReports.parse(JSON, body).result()).isEqualTo(Result.FATAL);
    }

    @Test
    void aReportWithoutAResultIsUnknown() {
        String body = """
                {"Data": {"MainOperation": "Backup", "ExaminedFiles": 3}, "Extra": {"backup-name": "x"}}
                """;

        assertThat(DuplicatiReports.parse(JSON, body).result()).isEqualTo(Result.UNKNOWN);
    }

    @Test
    void anotherOperationIsNotABackup() {
        // Given --send-http-any-operation, which also reports restores
        String body = """
                {"Data": {"MainOperation": "Restore", "ParsedResult": "Success"}, "Extra": {"OperationName": "Restore"}}
                """;

        DuplicatiReport report = DuplicatiReports.parse(JSON, body);

        assertThat(report.operation()).isEqualTo("Restore");
        assertThat(report.isBackup()).isFalse();
    }

    @Test
    void takesWarningsAndErrorsArraysWhenARelaySendsThem() {
        String body = """
                {"Data": {"ParsedResult": "Error", "Warnings": ["w1"], "Errors": ["e1", "e2"]},
                 "LogLines": ["2026-11-20 02:00:00 +01 - [Error-X-Y]: not used when Data has lists"]}
                """;

        DuplicatiReport report = DuplicatiReports.parse(JSON, body);

        assertThat(report.warningMessages()).containsExactly("w1");
        assertThat(report.errorMessages()).containsExactly("e1", "e2");
        assertThat(report.errors()).isEqualTo(2);
    }

    @Test
    void acceptsTheResultObjectPostedOnItsOwn() {
        String body = """
                {"ParsedResult": "Success", "MainOperation": "Backup", "Duration": "1.02:03:04.5"}
                """;

        DuplicatiReport report = DuplicatiReports.parse(JSON, body);

        assertThat(report.result()).isEqualTo(Result.SUCCESS);
        assertThat(report.duration()).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusMillis(4500));
    }

    @Test
    void keepsOnlyTheFirstFewMessagesCutToLength() {
        // Given ten warnings, one of them very long
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            String text = i == 0 ? "x".repeat(1000) : "warning " + i;
            lines.append(i == 0 ? "" : ",").append("\"2026-11-20 02:00:00 +01 - [Warning-A-B]: ").append(text).append('"');
        }
        String body = "{\"Data\": {\"ParsedResult\": \"Warning\", \"WarningsActualLength\": 10}, \"LogLines\": ["
                + lines + "]}";

        DuplicatiReport report = DuplicatiReports.parse(JSON, body);

        assertThat(report.warnings()).isEqualTo(10);
        assertThat(report.warningMessages()).hasSize(DuplicatiReports.MAX_MESSAGES);
        assertThat(report.warningMessages().get(0)).hasSize(DuplicatiReports.MAX_MESSAGE_CHARS).endsWith("...");
        assertThat(report.warningMessages().get(1)).isEqualTo("warning 1");
    }

    @Test
    void aSuccessWithCountedWarningsIsAWarning() {
        String body = "{\"Data\": {\"ParsedResult\": \"Success\", \"WarningsActualLength\": 1}}";

        assertThat(DuplicatiReports.parse(JSON, body).result()).isEqualTo(Result.WARNING);
    }

    @Test
    void aSuccessWithCountedErrorsIsAnError() {
        String body = "{\"Data\": {\"ParsedResult\": \"Success\", \"WarningsActualLength\": 1, \"ErrorsActualLength\": 2}}";

        assertThat(DuplicatiReports.parse(JSON, body).result()).isEqualTo(Result.ERROR);
    }

    // ------------------------------------------------------------ text (--send-http-url, the default)

    @Test
    void readsTheDefaultFormBodyWithTheTextReport() {
        // Given the default: message=<text report>
        String body = form(sample("duplicati-text-success.txt"));

        DuplicatiReport report = DuplicatiReports.parse(FORM, body);

        assertThat(report.result()).isEqualTo(Result.SUCCESS);
        assertThat(report.operation()).isEqualTo("Backup");
        assertThat(report.backupName()).isEqualTo("nas01 documents");
        // The text's local time depends on the sender's locale; the Unix time in brackets does not.
        assertThat(report.beginTime()).isEqualTo(Instant.parse("2026-11-21T01:00:00Z"));
        assertThat(report.endTime()).isEqualTo(Instant.parse("2026-11-21T01:00:04Z"));
        assertThat(report.duration()).isEqualTo(Duration.ofSeconds(4).plusNanos(318_337_700));
        assertThat(report.examinedBytes()).isEqualTo(18_253_611_008L);
        assertThat(report.addedBytes()).isEqualTo(204_800L);
        assertThat(report.warnings()).isZero();
        assertThat(report.errors()).isZero();
    }

    @Test
    void readsWindowsLineEnds() {
        // Given the report as Duplicati on Windows writes it (Environment.NewLine)
        String body = form(sample("duplicati-text-success.txt").replace("\n", "\r\n"));

        DuplicatiReport report = DuplicatiReports.parse(FORM, body);

        assertThat(report.result()).isEqualTo(Result.SUCCESS);
        assertThat(report.backupName()).isEqualTo("nas01 documents");
        assertThat(report.examinedBytes()).isEqualTo(18_253_611_008L);
    }

    @Test
    void ignoresExtraParametersAfterTheMessage() {
        // Given --send-http-extra-parameters, which 2.1 appends unescaped
        String body = form(sample("duplicati-text-success.txt")) + "&server_id=nas01&note=50%off";

        assertThat(DuplicatiReports.parse(FORM, body).result()).isEqualTo(Result.SUCCESS);
    }

    @Test
    void findsTheReportUnderARenamedParameter() {
        // Given --send-http-message-parameter-name=report
        String body = "token=abc&report=" + escaped(sample("duplicati-text-success.txt"));

        assertThat(DuplicatiReports.parse(FORM, body).backupName()).isEqualTo("nas01 documents");
    }

    @Test
    void aFailedRunIsFatalWithItsExceptionFirst() {
        String body = form(sample("duplicati-text-fatal.txt"));

        DuplicatiReport report = DuplicatiReports.parse(FORM, body);

        assertThat(report.result()).isEqualTo(Result.FATAL);
        assertThat(report.operation()).isEqualTo("Backup");
        assertThat(report.backupName()).isEqualTo("nas01 documents");
        // The exception and its log line say the same: kept once.
        assertThat(report.errorMessages()).containsExactly(
                "Found 4 files that are missing from the remote storage, please run repair", "Fatal error");
        assertThat(report.errors()).isEqualTo(2);
        assertThat(report.warnings()).isEqualTo(4);
        assertThat(report.warningMessages()).hasSize(3).allMatch(m -> m.startsWith("Missing file: duplicati-"));
        assertThat(report.examinedBytes()).isNull();
        assertThat(report.endTime()).isNull();
    }

    @Test
    void readsTheTextReportPostedWithoutAForm() {
        DuplicatiReport report = DuplicatiReports.parse("text/plain", sample("duplicati-text-success.txt"));

        assertThat(report.result()).isEqualTo(Result.SUCCESS);
    }

    @Test
    void dropsTheMachineIdsThat21AddsToTheFirstLine() {
        String text = sample("duplicati-text-success.txt").replace("report for nas01 documents",
                "report for nas01 documents (5c0f3e9a27d14b6f8e1a0d6c9b2f4e71, 2f1d0c9b8a7e6d5c, nas01)");

        assertThat(DuplicatiReports.parse(FORM, form(text)).backupName()).isEqualTo("nas01 documents");
    }

    @Test
    void readsWarningsWrittenAsAList() {
        // Given PrintSerializeObject's collection form, "Name: [" / indented items / "]"
        String text = """
                Duplicati Backup report for docs

                ParsedResult: Warning
                WarningsActualLength: 2
                Messages: [
                    2026-11-20 02:00:00 +01 - [Information-Duplicati.Library.Main.Controller-StartingOperation]: The operation Backup has started,
                    2026-11-20 02:00:01 +01 - [Information-Duplicati.Library.Main.BasicResults-BackendEvent]: Backend event: List - Started:  ()
                ]
                Warnings: [
                    2026-11-20 02:00:05 +01 - [Warning-Duplicati.Library.Main.Operation.Backup.FileEnumerationProcess-FileAccessError]: Error reported while accessing file: /a,
                    2026-11-20 02:00:06 +01 - [Warning-Duplicati.Library.Main.Operation.Backup.FileEnumerationProcess-FileAccessError]: Error reported while accessing file: /b
                ]
                Errors: []
                """;

        DuplicatiReport report = DuplicatiReports.parse(FORM, form(text));

        assertThat(report.warningMessages()).containsExactly(
                "Error reported while accessing file: /a", "Error reported while accessing file: /b");
        assertThat(report.errorMessages()).isEmpty();
    }

    @Test
    void aHeaderWithoutAResultIsUnknown() {
        // Given a custom --send-http-message without %RESULT%
        DuplicatiReport report = DuplicatiReports.parse(FORM, form("Duplicati Backup report for docs"));

        assertThat(report.result()).isEqualTo(Result.UNKNOWN);
        assertThat(report.backupName()).isEqualTo("docs");
    }

    // ------------------------------------------------------------ refusals

    @Test
    void refusesAnEmptyBody() {
        assertThatThrownBy(() -> DuplicatiReports.parse(FORM, "  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty body");
    }

    @Test
    void refusesBrokenJsonSayingWhere() {
        assertThatThrownBy(() -> DuplicatiReports.parse(JSON, "{\"Data\": {\"ParsedResult\": }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("report is not valid JSON").hasMessageContaining("line 1");
    }

    @Test
    void refusesJsonThatIsNotAReport() {
        assertThatThrownBy(() -> DuplicatiReports.parse(JSON, "{\"status\": \"ok\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'Data' object");
    }

    @Test
    void refusesAFormWithoutAReportNamingFieldsButNotValues() {
        assertThatThrownBy(() -> DuplicatiReports.parse(FORM, "api_key=s3cret-value&host=nas01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no field 'message'").hasMessageContaining("api_key, host")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void refusesTextThatIsNotAReport() {
        assertThatThrownBy(() -> DuplicatiReports.parse("text/plain", "hello\nworld"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Duplicati report");
    }

    @Test
    void refusesBadUrlEncodingInTheMessage() {
        assertThatThrownBy(() -> DuplicatiReports.parse(FORM, "message=ParsedResult%3A%ZZ"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid URL encoding");
    }

    @Test
    void refusesAnOversizedBody() {
        String body = "message=" + "x".repeat(DuplicatiReports.MAX_BODY_CHARS);

        assertThatThrownBy(() -> DuplicatiReports.parse(FORM, body))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than");
    }
}
