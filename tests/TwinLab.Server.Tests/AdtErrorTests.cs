using TwinLab.Server.Hosting;

namespace TwinLab.Server.Tests;

public sealed class AdtErrorTests
{
    [Theory]
    [InlineData("DigitalTwinNotFound", 404)]
    [InlineData("ComponentNotFound", 404)]
    [InlineData("BranchNotFound", 404)]
    [InlineData("BranchAlreadyExists", 409)]
    [InlineData("MergeConflict", 409)]
    [InlineData("PreconditionFailed", 412)]
    [InlineData("InvalidArgument", 400)]
    public void StatusFor_ErrorCode_IsAdtStatus(string code, int status) => Assert.Equal(status, AdtError.StatusFor(code));
}
