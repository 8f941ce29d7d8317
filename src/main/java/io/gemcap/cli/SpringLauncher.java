package io.gemcap.cli;

import io.gemcap.GemcapApplication;
import io.gemcap.ProcessEnvironment;
import io.gemcap.gemini.ApiKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the application context for a command, once its flags have been checked. */
final class SpringLauncher {

    private SpringLauncher() {
    }

    /**
     * @param key registered as a bean, never as a property, so it cannot show up in the environment or logs;
     *     {@code null} for commands that call no model (job control)
     * @param properties settings from flags; they override {@code config/application.yml} and the environment
     * @param environment the variables storage clients and Vertex AI read their standard settings from
     */
    static ConfigurableApplicationContext start(ApiKey key, Map<String, String> properties, Map<String, String> environment) {
        SpringApplication application = new SpringApplication(GemcapApplication.class);
        application.setBannerMode(Banner.Mode.OFF);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        // The command closes the context itself; on SIGTERM a running job is stopped gracefully first (RunCommand).
        application.setRegisterShutdownHook(false);
        application.addInitializers(context -> context.getBeanFactory()
                .registerSingleton("processEnvironment", new ProcessEnvironment(environment)));
        // An H2 job database is served by a process of its own, started like this one (io.gemcap.jobdb.SharedH2).
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("serverLaunch", ServeJobDatabaseCommand.launch()));
        if (key != null) {
            application.addInitializers(context -> context.getBeanFactory().registerSingleton("apiKey", key));
        }
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        return application.run(args.toArray(String[]::new));
    }

    /**
     * {@link #start} for a command whose work is the job database alone (job control, {@code worker}): a context that does
     * not start (the database cannot be reached or used) is a {@link CannotStart}, said as such with exit 2.
     */
    static ConfigurableApplicationContext startOnJobDatabase(ApiKey key, Map<String, String> environment) {
        try {
            return start(key, Map.of(), environment);
        } catch (RuntimeException e) {
            throw new CannotStart(e);
        }
    }
}
