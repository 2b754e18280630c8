using System.Security.Cryptography;

namespace ElsaWorkspaceAgents.Emulator.Common;

/// <summary>Identifier factories. Random, so IDs never collide across resets or parallel tests.</summary>
internal static class Ids
{
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Prefixed(string prefix) => prefix + Guid.NewGuid().ToString("N");

    public static string Uuid() => Guid.NewGuid().ToString("D");

    /// <summary>A fresh GPT Workbench-style trigger token: 64 URL-safe characters.</summary>
    public static string ApiToken(int length = 64) => RandomNumberGenerator.GetString(TokenAlphabet, length);
}
