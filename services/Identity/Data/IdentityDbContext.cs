using Microsoft.EntityFrameworkCore;
using Mit.Platform.Identity.Domain;

namespace Mit.Platform.Identity.Data;

/// <summary>Users plus OpenIddict's applications, authorizations, scopes and tokens.</summary>
/// <remarks>Abstract: the store runs one subclass per provider (Data/Migrations), each with its own migrations.</remarks>
public abstract class IdentityDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<PlatformUser> Users => Set<PlatformUser>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // OpenIddict's tables belong to the model (and so to its migrations), whatever the options say.
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<PlatformUser>(e =>
        {
            e.ToTable("users");
            e.HasKey(u => u.Subject);
            e.HasIndex(u => u.UserName).IsUnique();
            e.Property(u => u.UserName).HasMaxLength(64);
            e.Property(u => u.Organisation).HasMaxLength(20);
            e.PrimitiveCollection(u => u.Roles);
        });
    }
}
