package io.gemcap;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Spring Boot application behind the CLI. Jobs run only when a command asks. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GemcapApplication {
}
