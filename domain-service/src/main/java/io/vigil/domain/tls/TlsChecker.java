package io.vigil.domain.tls;
import io.smallrye.mutiny.Uni;
import io.vigil.config.DomainConfig;
import io.vigil.domain.check.TlsReport;
import java.util.List;
@jakarta.enterprise.context.ApplicationScoped
public class TlsChecker {
    public Uni<List<TlsReport>> check(DomainConfig d) { return Uni.createFrom().item(List.of()); }
}
