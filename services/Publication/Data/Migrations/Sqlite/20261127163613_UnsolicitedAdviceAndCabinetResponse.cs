using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mit.Platform.Publication.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnsolicitedAdviceAndCabinetResponse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AdvisedAtTicks",
                table: "published_documents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AnsweredBy",
                table: "published_documents",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Answers",
                table: "published_documents",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RespondedAtTicks",
                table: "published_documents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResponseOverdueAtTicks",
                table: "published_documents",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AdvisedAtTicks",
                table: "published_documents");

            migrationBuilder.DropColumn(
                name: "AnsweredBy",
                table: "published_documents");

            migrationBuilder.DropColumn(
                name: "Answers",
                table: "published_documents");

            migrationBuilder.DropColumn(
                name: "RespondedAtTicks",
                table: "published_documents");

            migrationBuilder.DropColumn(
                name: "ResponseOverdueAtTicks",
                table: "published_documents");
        }
    }
}
