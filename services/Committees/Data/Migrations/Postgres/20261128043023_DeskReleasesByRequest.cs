using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mit.Platform.Committees.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeskReleasesByRequest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_desk_entries_released_once",
                table: "desk_entries");

            migrationBuilder.CreateIndex(
                name: "IX_desk_entries_released_once",
                table: "desk_entries",
                columns: new[] { "RequestId", "Version", "Committee" },
                unique: true,
                filter: "\"Kind\" = 'Released'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_desk_entries_released_once",
                table: "desk_entries");

            migrationBuilder.CreateIndex(
                name: "IX_desk_entries_released_once",
                table: "desk_entries",
                columns: new[] { "Committee", "RequestId", "Version" },
                unique: true,
                filter: "\"Kind\" = 'Released'");
        }
    }
}
