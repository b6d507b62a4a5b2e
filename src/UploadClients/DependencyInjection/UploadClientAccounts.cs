using Microsoft.Extensions.Configuration;

namespace UploadClients;

/// <summary>The accounts registered by <c>AddUploadClients</c>: whether there is a default one, and the named ones in registration order.</summary>
internal sealed class UploadClientAccounts
{
    /// <summary>The longest account name.</summary>
    internal const int MaxNameLength = 100;

    private readonly Lock _lock = new();
    private readonly List<Registration> _named = [];

    /// <summary>Whether the default (unnamed) account is registered.</summary>
    internal bool HasDefault { get; set; }

    /// <summary>The named accounts' names, in registration order.</summary>
    internal IReadOnlyList<string> Names
    {
        get
        {
            lock (_lock)
            {
                return [.. _named.Select(r => r.Name)];
            }
        }
    }

    /// <summary>Registers <paramref name="name"/>, or returns its registration when it is already registered with the same spelling.</summary>
    internal Registration Register(string name)
    {
        if (Problem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        lock (_lock)
        {
            if (_named.Find(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) is { } existing)
            {
                return string.Equals(existing.Name, name, StringComparison.Ordinal)
                    ? existing
                    : throw new ArgumentException($"Account '{name}' differs only in case from the registered account '{existing.Name}': account names are compared ignoring case, as configuration keys are. Use one spelling.", nameof(name));
            }

            var registration = new Registration(name);
            _named.Add(registration);
            return registration;
        }
    }

    /// <summary>The registration of <paramref name="name"/> (ignoring case), or null.</summary>
    internal Registration? Find(string name)
    {
        lock (_lock)
        {
            return _named.Find(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Why <paramref name="name"/> cannot name an account, or null when it can.</summary>
    internal static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "An account name must not be empty (the default account is registered by the AddUploadClients overloads without a name).";
        }

        if (name.Length > MaxNameLength)
        {
            return $"An account name has at most {MaxNameLength} characters (this one has {name.Length}).";
        }

        // Names become configuration keys, environment variable parts, HttpClient names and telemetry tags.
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? null
            : $"Account name '{new string([.. name.Select(c => char.IsControl(c) ? '?' : c)])}' may hold only ASCII letters, digits, '.', '_' and '-' (it becomes part of configuration keys, HttpClient names and telemetry tags).";
    }

    /// <summary>
    /// The section of account <paramref name="name"/> in <paramref name="configuration"/>:
    /// <c>UploadClients:Accounts:{name}</c>, else <c>Accounts:{name}</c> (the <c>UploadClients</c> section
    /// was given), else <paramref name="configuration"/> itself when it is a section keyed by the name.
    /// Null when none exists. A section keyed otherwise is never taken for the account's own: it may be
    /// the <c>UploadClients</c> section, whose default credentials must not become the account's.
    /// </summary>
    internal static IConfiguration? Locate(IConfiguration configuration, string name)
    {
        var full = configuration.GetSection(UploadClientsOptions.SectionName + ":Accounts:" + name);
        if (full.Exists())
        {
            return full;
        }

        var accounts = configuration.GetSection("Accounts:" + name);
        if (accounts.Exists())
        {
            return accounts;
        }

        return configuration is IConfigurationSection own && own.Exists() && string.Equals(own.Key, name, StringComparison.OrdinalIgnoreCase) ? own : null;
    }

    /// <summary>One named account.</summary>
    internal sealed class Registration(string name)
    {
        /// <summary>The name as first registered.</summary>
        internal string Name { get; } = name;

        /// <summary>The configurations it binds from (AddUploadClients(name, configuration)).</summary>
        internal List<IConfiguration> Configurations { get; } = [];

        /// <summary>Whether its HttpClients and post-configuration are registered.</summary>
        internal bool ServicesAdded { get; set; }
    }
}
