using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mit.Platform.Publication.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SealLateAdviceAndStandbyInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Late",
                table: "published_documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Late",
                table: "published_documents");
        }
    }
}
