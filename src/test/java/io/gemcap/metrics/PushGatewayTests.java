package io.gemcap.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.gemcap.testing.LogLines;
import io.gemcap.testing.PushgatewayServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PushGatewayTests {

    private static PushgatewayServer gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = PushgatewayServer.start();
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static LinkedHashMap<String, String> group(String... labels) {
        LinkedHashMap<String, String> group = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            group.put(labels[i], labels[i + 1]);
        }
        return group;
    }

    /** A process's figures as Micrometer writes them: a counter, a tagged gauge, a timer with fixed buckets. */
    private static PrometheusMeterRegistry registry(double calls) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("gemcap.calls").tag("outcome", "ok").register(registry).increment(calls);
        registry.gauge("gemcap.batches", Tags.of("state", "running"), new AtomicInteger(3));
        Timer latency = Timer.builder("gemcap.call.latency")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry);
        latency.record(Duration.ofMillis(50));
        latency.record(Duration.ofMillis(300));
        latency.record(Duration.ofMillis(1500));
        return registry;
    }

    private static List<String> lines(String metrics, String labelled) {
        return metrics.lines().filter(line -> !line.startsWith("#") && line.contains(labelled)).toList();
    }

    @Test
    void theGatewayServesThePushedFiguresUnderTheGroupsLabelsAndASecondPushReplacesThem() throws Exception {
        PushGateway pushGateway = PushGateway.of(gateway.url());
        LinkedHashMap<String, String> hostA = group("job", "nightly", "instance", "host-a");

        assertThat(pushGateway.push(hostA, registry(7).scrape())).isTrue();

        String metrics = gateway.metrics();
        assertThat(lines(metrics, "instance=\"host-a\",job=\"nightly\"")).as(gateway::log).contains(
                "gemcap_calls_total{instance=\"host-a\",job=\"nightly\",outcome=\"ok\"} 7",
                "gemcap_batches{instance=\"host-a\",job=\"nightly\",state=\"running\"} 3",
                "gemcap_call_latency_seconds_bucket{instance=\"host-a\",job=\"nightly\",le=\"0.1\"} 1",
                "gemcap_call_latency_seconds_bucket{instance=\"host-a\",job=\"nightly\",le=\"0.5\"} 2",
                "gemcap_call_latency_seconds_bucket{instance=\"host-a\",job=\"nightly\",le=\"2\"} 3",
                "gemcap_call_latency_seconds_bucket{instance=\"host-a\",job=\"nightly\",le=\"+Inf\"} 3",
                "gemcap_call_latency_seconds_count{instance=\"host-a\",job=\"nightly\"} 3",
                "gemcap_call_latency_seconds_sum{instance=\"host-a\",job=\"nightly\"} 1.85");

        PrometheusMeterRegistry later = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("gemcap.calls").tag("outcome", "ok").register(later).increment(12);
        assertThat(pushGateway.push(hostA, later.scrape())).isTrue();

        List<String> replaced = lines(gateway.metrics(), "instance=\"host-a\",job=\"nightly\"");
        assertThat(replaced).contains("gemcap_calls_total{instance=\"host-a\",job=\"nightly\",outcome=\"ok\"} 12")
                .noneMatch(line -> line.startsWith("gemcap_batches") || line.startsWith("gemcap_call_latency"));
    }

    @Test
    void deletingAGroupRemovesItAndLeavesTheJobsOtherGroups() throws Exception {
        PushGateway pushGateway = PushGateway.of(gateway.url());
        LinkedHashMap<String, String> worker = group("job", "deleting", "instance", "host-b");
        LinkedHashMap<String, String> totals = group("job", "deleting");
        assertThat(pushGateway.push(totals, registry(40).scrape())).isTrue();
        assertThat(pushGateway.push(worker, registry(5).scrape())).isTrue();

        assertThat(pushGateway.delete(worker)).isTrue();

        String metrics = gateway.metrics();
        assertThat(lines(metrics, "job=\"deleting\"")).contains("gemcap_calls_total{instance=\"\",job=\"deleting\",outcome=\"ok\"} 40")
                .noneMatch(line -> line.contains("host-b"));
    }

    @Test
    void groupingValuesWithASlashNoCharactersOrSpacesReachTheGatewayAsGivenAndAreDeletedByTheSameKey() throws Exception {
        PushGateway pushGateway = PushGateway.of(gateway.url());
        LinkedHashMap<String, String> odd = group("job", "odd job/ü", "directory", "/var/tmp", "instance", "", "host", "a+b c%");

        assertThat(pushGateway.push(odd, registry(9).scrape())).isTrue();

        String labelled = "directory=\"/var/tmp\",host=\"a+b c%\",instance=\"\",job=\"odd job/ü\"";
        assertThat(lines(gateway.metrics(), labelled)).as(gateway::log)
                .contains("gemcap_calls_total{" + labelled + ",outcome=\"ok\"} 9");

        assertThat(pushGateway.delete(odd)).isTrue();
        assertThat(lines(gateway.metrics(), "odd job")).isEmpty();
    }

    @Test
    void anUnreachableGatewayCostsOneWarningPerOutageAndItsReturnOneInfoLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        PushGateway pushGateway = PushGateway.of("http://alice:s3cret@127.0.0.1:" + port + "/");
        LinkedHashMap<String, String> hostA = group("job", "outage", "instance", "host-a");
        String text = registry(1).scrape();

        try (LogLines log = LogLines.of(PushGateway.class)) {
            assertThat(List.of(pushGateway.push(hostA, text), pushGateway.push(hostA, text), pushGateway.delete(hostA)))
                    .containsOnly(false);

            assertThat(log.all()).hasSize(1);
            assertThat(log.at(Level.WARN)).singleElement().asString()
                    .isEqualTo("gemcap: could not push metrics to the Pushgateway at http://127.0.0.1:" + port
                            + ": connection refused; the run goes on")
                    .doesNotContain("alice").doesNotContain("s3cret").doesNotContain("\n");

            try (PushgatewayServer back = PushgatewayServer.start(port)) {
                assertThat(pushGateway.push(hostA, text)).isTrue();
                assertThat(pushGateway.push(hostA, text)).isTrue();
            }
            assertThat(log.at(Level.INFO)).containsExactly(
                    "gemcap: the Pushgateway at http://127.0.0.1:" + port + " takes metrics again (after 3 failed requests)");

            assertThat(pushGateway.push(hostA, text)).isFalse();
            assertThat(log.at(Level.WARN)).hasSize(2);
        }
    }

    @Test
    void aGatewayThatDoesNotAnswerCostsTheRequestTimeoutAndOneWarning() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PushGateway pushGateway = PushGateway.of("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(500),
                    Duration.ofMillis(300));

            try (LogLines log = LogLines.of(PushGateway.class)) {
                assertThat(pushGateway.push(group("job", "silent"), registry(1).scrape())).isFalse();

                assertThat(log.all()).containsExactly("gemcap: could not push metrics to the Pushgateway at http://127.0.0.1:"
                        + silent.getLocalPort() + ": HttpTimeoutException: request timed out; the run goes on");
            }
        }
    }

    @Test
    void aGatewayThatStallsInTheMiddleOfItsAnswerCostsNoMoreThanTheTimeouts() throws Exception {
        com.sun.net.httpserver.HttpServer dripping = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        dripping.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 1_000_000);
            try (var body = exchange.getResponseBody()) {
                for (int i = 0; i < 1_000; i++) {
                    body.write('x');
                    body.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | java.io.IOException e) {
                Thread.currentThread().interrupt();
            }
        });
        dripping.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        dripping.start();
        try (LogLines log = LogLines.of(PushGateway.class)) {
            PushGateway pushGateway = PushGateway.of("http://127.0.0.1:" + dripping.getAddress().getPort(), Duration.ofMillis(500),
                    Duration.ofMillis(500));

            long started = System.nanoTime();
            assertThat(pushGateway.push(group("job", "dripping"), registry(1).scrape())).isFalse();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(log.all()).singleElement().asString().endsWith(": its answer did not end within 1 s; the run goes on");
        } finally {
            dripping.stop(0);
        }
    }

    @Test
    void anAnswerThatEchoesTheCredentialsOrHoldsControlCharactersShowsNeither() throws Exception {
        com.sun.net.httpserver.HttpServer echoing = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echoing.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = ("bad gateway \u001b[31m\u0007 you sent Authorization: "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " for dave:Pa55word")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, answer.length);
            try (var body = exchange.getResponseBody()) {
                body.write(answer);
            }
        });
        echoing.start();
        try (LogLines log = LogLines.of(PushGateway.class)) {
            PushGateway pushGateway = PushGateway.of("http://dave:Pa55word@127.0.0.1:" + echoing.getAddress().getPort());

            assertThat(pushGateway.push(group("job", "echoed"), registry(1).scrape())).isFalse();

            String basic = java.util.Base64.getEncoder().encodeToString("dave:Pa55word".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(log.all()).singleElement().asString().contains("HTTP 502 bad gateway").doesNotContain("Pa55word")
                    .doesNotContain(basic).doesNotContain("\u001b").doesNotContain("\u0007");
        } finally {
            echoing.stop(0);
        }
    }

    @Test
    void metricsTheGatewayRefusesCostOneWarningWithItsAnswer() throws Exception {
        PushGateway pushGateway = PushGateway.of(gateway.url());
        LinkedHashMap<String, String> refused = group("job", "refused");

        try (LogLines log = LogLines.of(PushGateway.class)) {
            assertThat(pushGateway.push(refused, "gemcap_calls_total{outcome=\"ok\" 7\n")).isFalse();
            assertThat(pushGateway.push(refused, "gemcap_calls_total{outcome=\"ok\" 7\n")).isFalse();

            assertThat(log.all()).singleElement().asString()
                    .startsWith("gemcap: could not push metrics to the Pushgateway at " + gateway.url() + ": HTTP 400 ")
                    .doesNotContain("\n").hasSizeLessThan(400);
        }
    }

    @Test
    void credentialsInTheUrlAreSentAsBasicAuthenticationAndShownNowhere() throws Exception {
        // bcrypt (cost 4) of "s3cret/pass", made with Python's crypt module.
        try (PushgatewayServer guarded = PushgatewayServer.startWithBasicAuth("alice",
                "$2b$04$Asfi5FSmwnHDLNx/ruuCR.dm4/QMyKVpwX2ccSMVzST0WOP0mz7DK")) {
            String hostAndPort = guarded.url().substring("http://".length());
            PushGateway right = PushGateway.of("http://alice:s3cret%2Fpass@" + hostAndPort);
            PushGateway wrong = PushGateway.of("http://alice:guess@" + hostAndPort);
            LinkedHashMap<String, String> hostA = group("job", "guarded", "instance", "host-a");

            try (LogLines log = LogLines.of(PushGateway.class)) {
                assertThat(right.push(hostA, registry(2).scrape())).as(guarded::log).isTrue();
                assertThat(wrong.push(hostA, registry(2).scrape())).isFalse();

                assertThat(log.at(Level.WARN)).singleElement().asString().contains("HTTP 401").contains(guarded.url())
                        .doesNotContain("alice").doesNotContain("guess");
            }
            assertThat(right.toString()).isEqualTo(guarded.url());
        }
    }

    @Test
    void aMalformedUrlIsRefusedWithOneLineSayingWhatAGoodOneLooksLike() {
        for (String url : List.of("pushgateway:9091", "ftp://x", "http://", "http://host:notaport", "http://alice:s3cret@host:x9",
                "http://host:9091?x=1", "")) {
            assertThatThrownBy(() -> PushGateway.of(url)).as(url).isInstanceOf(IllegalArgumentException.class)
                    .message().contains("http://pushgateway:9091").doesNotContain("\n").doesNotContain("s3cret");
        }
        assertThatThrownBy(() -> PushGateway.of("pushgateway:9091"))
                .hasMessage("the Pushgateway URL 'pushgateway:9091' is malformed: it does not start with http:// or https://;"
                        + " give one like http://pushgateway:9091");
        assertThatThrownBy(() -> PushGateway.of("http://host:notaport")).hasMessageContaining("its port 'notaport' is not a number");
        assertThatThrownBy(() -> PushGateway.of("http://")).hasMessageContaining("it names no host");
    }

    @Test
    void aGoodUrlIsNamedWithoutItsCredentialsOrTrailingSlash() {
        assertThat(PushGateway.of("HTTPS://bob:pw@gateway.example:9091/prefix/").toString())
                .isEqualTo("https://gateway.example:9091/prefix");
        assertThat(PushGateway.of("http://pushgateway").toString()).isEqualTo("http://pushgateway");
        assertThat(PushGateway.of("http://[::1]:9091").toString()).isEqualTo("http://[::1]:9091");
    }
}
