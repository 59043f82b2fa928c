using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mit.Platform.Committees.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeskCountersAndReleasedOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "desk_counters",
                columns: table => new
                {
                    Committee = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    LastPosition = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_desk_counters", x => x.Committee);
                });

            // Each desk's counter starts at its last position, so the desks go on without a gap (same SQL on both providers).
            foreach (var desk in new[] { "MIT", "OMT" })
            {
                migrationBuilder.Sql($"INSERT INTO desk_counters (\"Committee\", \"LastPosition\") SELECT '{desk}', COALESCE(MAX(\"Position\"), 0) FROM desk_entries WHERE \"Committee\" = '{desk}';");
            }

            migrationBuilder.CreateIndex(
                name: "IX_desk_entries_released_once",
                table: "desk_entries",
                columns: new[] { "Committee", "RequestId", "Version" },
                unique: true,
                filter: "\"Kind\" = 'Released'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "desk_counters");

            migrationBuilder.DropIndex(
                name: "IX_desk_entries_released_once",
                table: "desk_entries");
        }
    }
}
