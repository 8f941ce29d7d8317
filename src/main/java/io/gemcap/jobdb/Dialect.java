package io.gemcap.jobdb;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/** The two databases a job database may be, told apart by the product name the driver reports. */
public enum Dialect {
    H2,
    POSTGRESQL;

    /** The dialect of the database behind {@code dataSource} (one connection is borrowed to ask). */
    public static Dialect of(DataSource dataSource) {
        String product;
        try {
            product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database the job database is: " + e.getMessage(), e);
        }
        return switch (product) {
            case "H2" -> H2;
            case "PostgreSQL" -> POSTGRESQL;
            default -> throw new IllegalStateException("the job database is " + product + ": gemcap supports H2 and PostgreSQL");
        };
    }
}
