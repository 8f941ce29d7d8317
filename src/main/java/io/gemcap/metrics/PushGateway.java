package io.gemcap.metrics;

import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus Pushgateway that a process's figures are pushed to, in text format 0.0.4, each group replaced whole (PUT).
 * Prometheus's own pushgateway client is not served in the version Boot's prometheus-client needs, and the protocol is
 * one request. Pushing never fails the run: a gateway that is down, slow or refusing costs one warning line per outage
 * ({@link OutageWarnings}). Credentials in the URL ({@code http://user:password@host}) go as HTTP Basic authentication and
 * into no message. Thread-safe.
 */
public final class PushGateway {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(PushGateway.class);
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String GOOD_VALUE = "give one like http://pushgateway:9091";
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern SCHEME = Pattern.compile("(?i)https?://");
    /** Up to the last {@code @}: what a message shows of a URL had better lose some of its path than a password with a {@code /}. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=//).*@");
    private static final int BODY_SHOWN = 200;

    private final URI base;
    private final String name;
    private final Optional<String> authorization;
    private final Duration requestTimeout;
    /** The longest a request may take whole, its answer's body read: a gateway that stalls mid-answer costs no more. */
    private final Duration wholeRequest;
    /** What an answer must never show: the credentials, as sent and as given (a proxy may echo the request's headers). */
    private final java.util.List<String> secrets;
    private final HttpClient http;
    private final OutageWarnings outages = new OutageWarnings(log);

    private PushGateway(URI base, Optional<String> authorization, java.util.List<String> secrets, Duration connectTimeout,
            Duration requestTimeout) {
        this.wholeRequest = connectTimeout.plus(requestTimeout);
        this.secrets = secrets;
        this.base = base;
        this.name = base.toString();
        this.authorization = authorization;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The gateway at {@code http(s)://[user:password@]host[:port][/prefix]}.
     *
     * @throws IllegalArgumentException for a malformed URL, with one line saying what is wrong (credentials left out)
     */
    public static PushGateway of(String url) {
        return of(url, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    /** As {@link #of(String)}, with the time a connection and a whole request may take. */
    public static PushGateway of(String url, Duration connectTimeout, Duration requestTimeout) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no Pushgateway URL given: " + GOOD_VALUE);
        }
        String shown = withoutUserInfo(url.strip());
        if (!SCHEME.matcher(url.strip()).lookingAt()) {
            throw malformed(shown, "it does not start with http:// or https://");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw malformed(shown, shown.matches("(?i)https?://[/?#]*") ? "it names no host" : "it is not a URL (" + e.getReason() + ")");
        }
        if (uri.getHost() == null) {
            String authority = uri.getRawAuthority() == null ? "" : withoutUserInfo("//" + uri.getRawAuthority()).substring(2);
            String port = authority.substring(authority.lastIndexOf(':') + 1);
            throw malformed(shown, authority.isEmpty() ? "it names no host"
                    : authority.contains(":") && !port.matches("[0-9]+") ? "its port '" + port + "' is not a number"
                    : "'" + authority + "' is not a host name");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw malformed(shown, "its port " + uri.getPort() + " is not between 1 and 65535");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw malformed(shown, "it has a query or fragment (a path prefix is all a Pushgateway URL may add)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String prefix = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        URI base = URI.create(scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + prefix);
        Optional<String> userInfo = Optional.ofNullable(uri.getRawUserInfo()).map(PushGateway::decoded);
        Optional<String> authorization = userInfo
                .map(info -> "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        java.util.List<String> secrets = new java.util.ArrayList<>();
        authorization.ifPresent(value -> secrets.add(value.substring("Basic ".length())));
        userInfo.ifPresent(info -> {
            secrets.add(info);
            secrets.add(uri.getRawUserInfo());
            if (info.indexOf(':') >= 0 && info.indexOf(':') < info.length() - 1) {
                secrets.add(info.substring(info.indexOf(':') + 1));
            }
        });
        return new PushGateway(base, authorization, java.util.List.copyOf(secrets), connectTimeout, requestTimeout);
    }

    private static String withoutUserInfo(String url) {
        return USER_INFO.matcher(url).replaceFirst("");
    }

    /** {@code user:password} as given, its escapes ({@code %40} for an {@code @} in a password) undone. */
    private static String decoded(String rawUserInfo) {
        return URLDecoder.decode(rawUserInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException malformed(String shown, String what) {
        return new IllegalArgumentException("the Pushgateway URL '" + OutageWarnings.oneLine(shown, BODY_SHOWN) + "' is malformed: "
                + what + "; " + GOOD_VALUE);
    }

    /**
     * Replaces the group's metrics with {@code text}.
     *
     * @param groupingKey the group: {@code job} first, then its other labels in order
     * @param text metrics in Prometheus text format 0.0.4
     * @return whether the gateway took them
     */
    public boolean push(LinkedHashMap<String, String> groupingKey, String text) {
        HttpRequest request = request(groupingKey).header("Content-Type", CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build();
        return send(request, "push metrics to");
    }

    /**
     * Removes the group and its metrics from the gateway.
     *
     * @return whether the gateway took the deletion
     */
    public boolean delete(LinkedHashMap<String, String> groupingKey) {
        return send(request(groupingKey).DELETE().build(), "delete metrics from");
    }

    /** The gateway's URL, without credentials. */
    @Override
    public String toString() {
        return name;
    }

    private HttpRequest.Builder request(LinkedHashMap<String, String> groupingKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/metrics" + path(groupingKey))).timeout(requestTimeout);
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    /**
     * The group's path: {@code /job/<job>/<label>/<value>...}. A value the path cannot carry as it is (empty, holding a
     * {@code /}, or a dot segment a router would resolve) goes base64url-encoded as {@code <label>@base64/<value>}, the
     * Pushgateway's own way; other values are percent-escaped.
     */
    static String path(LinkedHashMap<String, String> groupingKey) {
        if (groupingKey.isEmpty() || !"job".equals(groupingKey.keySet().iterator().next())) {
            throw new IllegalArgumentException("a Pushgateway grouping key starts with job: " + groupingKey.keySet());
        }
        StringBuilder path = new StringBuilder();
        for (Map.Entry<String, String> label : groupingKey.entrySet()) {
            String value = label.getValue();
            if (!LABEL_NAME.matcher(label.getKey()).matches() || value == null) {
                throw new IllegalArgumentException("not a grouping key label: " + label.getKey() + "=" + value);
            }
            if (value.isEmpty() || value.contains("/") || value.equals(".") || value.equals("..")) {
                path.append('/').append(label.getKey()).append("@base64/")
                        .append(value.isEmpty() ? "=" : Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            } else {
                path.append('/').append(label.getKey()).append('/').append(escaped(value));
            }
        }
        return path.toString();
    }

    private static String escaped(String value) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            // RFC 3986's unreserved characters stay as they are; every other byte is escaped.
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                escaped.append(c);
            } else {
                escaped.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return escaped.toString();
    }

    /** Java's HTTP client says why it could not connect only through the kind of an inner exception. */
    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return "its host name does not resolve";
            }
        }
        String reason = OutageWarnings.reason(e);
        return e instanceof ConnectException && reason.equals("ClosedChannelException") ? "connection refused" : reason;
    }

    private String withoutSecrets(String text) {
        String shown = text == null ? "" : text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                shown = shown.replace(secret, "***");
            }
        }
        return shown;
    }

    private boolean send(HttpRequest request, String doing) {
        String failure;
        java.util.concurrent.CompletableFuture<HttpResponse<String>> sent =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = sent.get(wholeRequest.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (response.statusCode() / 100 == 2) {
                outages.succeeded(failed -> "gemcap: the Pushgateway at " + name + " takes metrics again (after " + failed
                        + (failed == 1 ? " failed request)" : " failed requests)"));
                return true;
            }
            String body = OutageWarnings.oneLine(withoutSecrets(response.body()), BODY_SHOWN);
            failure = "HTTP " + response.statusCode() + (body.isEmpty() ? "" : " " + body);
        } catch (java.util.concurrent.TimeoutException e) {
            sent.cancel(true);
            failure = "its answer did not end within " + (wholeRequest.toMillis() + 999) / 1000 + " s";
        } catch (java.util.concurrent.ExecutionException e) {
            failure = withoutSecrets(reason(e.getCause() == null ? e : e.getCause()));
        } catch (RuntimeException e) {
            failure = withoutSecrets(reason(e));
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        outages.failed("gemcap: could not " + doing + " the Pushgateway at " + name + ": " + failure + "; the run goes on");
        return false;
    }
}
