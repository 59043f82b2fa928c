using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mit.Platform.Publication.Data.Migrations.Postgres
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
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AnsweredBy",
                table: "published_documents",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Answers",
                table: "published_documents",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RespondedAtTicks",
                table: "published_documents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResponseOverdueAtTicks",
                table: "published_documents",
                type: "bigint",
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
