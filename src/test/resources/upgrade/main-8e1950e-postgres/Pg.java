import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
public class Pg {
  public static void main(String[] a) throws Exception {
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(Integer.parseInt(a[0])).start();
    try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) { s.execute("CREATE DATABASE gemcap"); }
    System.out.println("READY " + pg.getJdbcUrl("postgres", "gemcap"));
    Thread.sleep(Long.MAX_VALUE);
  }
}
