using FluentValidation;
using FluentValidation.Results;
using GgeWorkspace.Api.Infrastructure.Errors;
using GgeWorkspace.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace GgeWorkspace.UnitTests.Infrastructure;

public sealed class ProblemDetailsTests
{
    [Theory]
    [InlineData(typeof(NotFoundException), 404)]
    [InlineData(typeof(PreconditionRequiredException), 428)]
    public void Domain_errors_map_to_their_status(Type type, int status)
    {
        var problem = ProblemDetailsExceptionHandler.ToProblem((Exception)Activator.CreateInstance(type, [null!])!
            ?? throw new InvalidOperationException());
        Assert.Equal(status, problem!.Status);
    }

    [Fact]
    public void Each_kind_of_refusal_has_its_own_status()
    {
        Assert.Equal(403, ProblemDetailsExceptionHandler.ToProblem(new ForbiddenException("no"))!.Status);
        Assert.Equal(409, ProblemDetailsExceptionHandler.ToProblem(new ConflictException("no"))!.Status);
        Assert.Equal(422, ProblemDetailsExceptionHandler.ToProblem(new UnprocessableException("no"))!.Status);
        Assert.Equal(413, ProblemDetailsExceptionHandler.ToProblem(new BadHttpRequestException("big", 413))!.Status);
        Assert.Null(ProblemDetailsExceptionHandler.ToProblem(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void A_stale_version_names_the_current_one()
    {
        var problem = ProblemDetailsExceptionHandler.ToProblem(new PreconditionFailedException(7))!;
        Assert.Equal(412, problem.Status);
        Assert.Equal(7L, problem.Extensions["currentVersion"]);
    }

    [Fact]
    public void Validation_errors_name_fields_in_camel_case()
    {
        var problem = (HttpValidationProblemDetails)ProblemDetailsExceptionHandler.ToProblem(
            new ValidationException([new ValidationFailure("NominatingState", "bad"), new ValidationFailure("Sub", "missing")]))!;
        Assert.Equal(400, problem.Status);
        Assert.Equal(["nominatingState", "sub"], problem.Errors.Keys.Order());
    }

    [Theory]
    [InlineData("\"3\"", 3L)]
    [InlineData("W/\"12\"", 12L)]
    [InlineData("5", 5L)]
    public void If_Match_carries_the_version(string header, long version)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.IfMatch = header;
        Assert.Equal(version, Versions.RequireIfMatch(http));
    }

    [Fact]
    public void A_missing_If_Match_is_precondition_required_and_an_unreadable_one_bad_request()
    {
        Assert.Throws<PreconditionRequiredException>(() => Versions.RequireIfMatch(new DefaultHttpContext()));
        var http = new DefaultHttpContext();
        http.Request.Headers.IfMatch = "\"abc\"";
        Assert.Throws<BadHttpRequestException>(() => Versions.RequireIfMatch(http));
        Assert.Equal("\"42\"", Versions.ETag(42));
    }
}
