using KmsKit.Pkcs11.Hsm;

namespace KmsKit.Pkcs11.Tests;

public sealed class ModulePathTests
{
    [Fact]
    public void The_default_module_is_found_on_the_usual_softhsm2_paths()
    {
        var module = SoftHsmConfiguration.FindModule(SoftHsmConfiguration.DefaultModulePath);

        Assert.True(File.Exists(module), module);
        Assert.EndsWith("libsofthsm2.so", module, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_path_that_was_set_is_used_as_it_is()
    {
        var module = SoftHsmConfiguration.FindModule(SoftHsmConfiguration.DefaultModulePath);
        var copy = Path.Combine(Path.GetTempPath(), $"kmskit-{Guid.NewGuid():N}", "libsofthsm2.so");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        try
        {
            File.Copy(module, copy);

            Assert.Equal(copy, SoftHsmConfiguration.FindModule(copy));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }

    [Fact]
    public void A_missing_module_says_where_it_looked_and_what_to_do()
    {
        var error = Assert.Throws<FileNotFoundException>(() => SoftHsmConfiguration.FindModule("/nowhere/libsofthsm2.so"));

        Assert.Equal("libsofthsm2.so not found at /nowhere/libsofthsm2.so; install softhsm2 or set ModulePath.", error.Message);
    }
}
