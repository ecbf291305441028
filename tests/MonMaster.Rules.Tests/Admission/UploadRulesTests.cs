using MonMaster.Admission;

namespace MonMaster.Tests.Admission;

/// <summary>Section 2 of the brochure: what a piece of the candidate file may be. Real files of each kind.</summary>
public sealed class UploadRulesTests
{
    [Theory]
    [InlineData("lettre-de-motivation.pdf", "lettre-de-motivation.pdf")]
    [InlineData("releve-de-notes.png", "releve_de_notes.PNG")]
    [InlineData("photo-identite.jpg", "photo-identite.jpg")]
    [InlineData("photo-identite.jpg", "photo.identite.JPEG")]
    public void Real_pdf_png_and_jpeg_files_are_accepted(string file, string uploadedAs)
    {
        Assert.Null(UploadRules.Check(uploadedAs, TestPieces.Real(file)));
        Assert.NotNull(UploadRules.MediaTypeOf(uploadedAs));
    }

    [Theory]
    [InlineData("programme.pdf")]
    [InlineData("cv.jpg")]
    [InlineData("photo.png")]
    public void A_renamed_executable_is_refused_by_its_content(string uploadedAs) =>
        Assert.Equal(UploadError.FileContentMismatch, UploadRules.Check(uploadedAs, TestPieces.Executable()));

    [Fact]
    public void A_png_named_pdf_is_refused_by_its_content() =>
        Assert.Equal(UploadError.FileContentMismatch, UploadRules.Check("releve.pdf", TestPieces.Real("releve-de-notes.png")));

    [Fact]
    public void Two_megabytes_is_the_limit()
    {
        var pdf = TestPieces.Real("lettre-de-motivation.pdf");
        var exactly = pdf.Concat(new byte[UploadRules.MaxBytes - pdf.Length]).ToArray();
        Assert.Null(UploadRules.Check("gros.pdf", exactly));
        Assert.Equal(UploadError.FileTooLarge, UploadRules.Check("gros.pdf", [.. exactly, 0]));
    }

    [Theory]
    [InlineData("lettre_motivée.pdf")]
    [InlineData("mon cv.pdf")]
    [InlineData("cv(1).pdf")]
    [InlineData("../cv.pdf")]
    [InlineData("")]
    public void Names_with_accents_spaces_or_other_signs_are_refused(string name) =>
        Assert.Equal(UploadError.FileNameInvalid, UploadRules.Check(name, TestPieces.Real("lettre-de-motivation.pdf")));

    [Fact]
    public void A_name_may_have_100_characters_not_101()
    {
        var pdf = TestPieces.Real("lettre-de-motivation.pdf");
        Assert.Null(UploadRules.Check(new string('a', 96) + ".pdf", pdf));
        Assert.Equal(UploadError.FileNameInvalid, UploadRules.Check(new string('a', 97) + ".pdf", pdf));
    }

    [Theory]
    [InlineData("cv.docx")]
    [InlineData("cv.gif")]
    [InlineData("cv")]
    public void Other_formats_are_refused_by_their_extension(string name) =>
        Assert.Equal(UploadError.FileTypeNotAllowed, UploadRules.Check(name, TestPieces.Real("lettre-de-motivation.pdf")));

    [Fact]
    public void An_empty_file_is_refused_and_every_refusal_says_why_in_french()
    {
        Assert.Equal(UploadError.FileEmpty, UploadRules.Check("vide.pdf", []));
        foreach (var error in Enum.GetValues<UploadError>())
        {
            Assert.StartsWith("file-", error.Code());
            Assert.Contains(" ", error.Explain());
        }
    }
}
