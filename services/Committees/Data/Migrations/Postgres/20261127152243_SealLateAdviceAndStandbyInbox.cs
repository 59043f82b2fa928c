using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mit.Platform.Committees.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SealLateAdviceAndStandbyInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Late",
                table: "desk_entries",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Entries from before links were kept at release had none: an empty JSON list, which the entry reads back.
            migrationBuilder.AddColumn<string>(
                name: "Links",
                table: "desk_entries",
                type: "text",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Late",
                table: "desk_entries");

            migrationBuilder.DropColumn(
                name: "Links",
                table: "desk_entries");
        }
    }
}
