package dev.pipeline.generator.api;

import dev.pipeline.generator.Generator;
import dev.pipeline.generator.session.Product;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;

@Path("/catalog")
public class CatalogResource {

    /** One product as listed: what {@code product_id} in the events refers to. */
    public record Entry(String productId, String name, String category, BigDecimal price) {
    }

    private final Generator generator;

    CatalogResource(Generator generator) {
        this.generator = generator;
    }

    /** The products events refer to, most popular first; the same on every instance of the same size. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Entry> catalog() {
        return generator.catalog().products().stream()
                .map(p -> new Entry(p.id(), p.name(), p.category().title(), p.price()))
                .toList();
    }
}
