using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.MechanismParams;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>
/// The token that holds the key material. Objects are found by CKA_ID (the key material id); handles are
/// cached per process and refreshed when the token reports them invalid. Symmetric keys are used through
/// session copies (C_CopyObject with CKA_TOKEN=false), which skip the token's file I/O on every call.
/// </summary>
internal sealed class Pkcs11Token : IDisposable
{
    private readonly ISession _holder;
    private readonly object _holderGate = new();
    private readonly SessionPool _sessions;
    private readonly KeyTemplates _templates;
    /// <summary>Pauses before each new search for an object another process may be writing right now.</summary>
    private static readonly int[] ResolveBackoffMilliseconds = [0, 5, 20, 50, 100, 200];

    private readonly ConcurrentDictionary<TokenObject, IObjectHandle> _handles = new();
    private readonly Action? _refreshObjectIndex;
    private readonly ModuleCallGate _calls;
    private int _disposed;

    private Pkcs11Token(ISlot slot, ModuleCallGate calls, string pin, Action? refreshObjectIndex)
    {
        _refreshObjectIndex = refreshObjectIndex;
        _calls = calls;
        _templates = new KeyTemplates(Pkcs11Libraries.Factories.ObjectAttributeFactory);
        _holder = slot.OpenSession(SessionType.ReadWrite);
        try
        {
            calls.Run((Holder: _holder, Pin: pin), static login =>
            {
                login.Holder.Login(CKU.CKU_USER, login.Pin);
                return true;
            });
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Login state is per application and slot: another engine of this process logged in.
        }
        catch
        {
            _holder.Dispose();
            throw;
        }

        _sessions = new SessionPool(slot, calls);
    }

    public static Pkcs11Token Open(TokenOptions options)
    {
        var library = Pkcs11Libraries.Get(options.ModulePath);
        var slot = FindSlot(library, options.TokenLabel);
        if (slot is null && options.InitializePin is not null)
        {
            Pkcs11Libraries.CallGate(options.ModulePath).Run((Library: library, Options: options), static init =>
            {
                InitializeToken(init.Library, init.Options);
                return true;
            });
            slot = FindSlot(library, options.TokenLabel);
        }

        if (slot is null)
        {
            throw new InvalidOperationException($"No PKCS#11 token labelled '{options.TokenLabel}' in module {options.ModulePath}.");
        }

        return new Pkcs11Token(slot, Pkcs11Libraries.CallGate(options.ModulePath), options.Pin, options.RefreshObjectIndex);
    }

    public byte[] GenerateRandom(int length) => _sessions.Run(length, static (session, length) => session.GenerateRandom(length));

    public void GenerateAes256(byte[] id, string label) =>
        Generate(id, session =>
        {
            using var mechanism = Mechanisms.Create(CKM.CKM_AES_KEY_GEN);
            using var template = _templates.Aes256(id, label);
            session.GenerateKey(mechanism, template.Attributes);
        });

    public void GenerateHmac(byte[] id, string label, int lengthInBytes) =>
        Generate(id, session =>
        {
            using var mechanism = Mechanisms.Create(CKM.CKM_GENERIC_SECRET_KEY_GEN);
            using var template = _templates.Hmac(id, label, lengthInBytes);
            session.GenerateKey(mechanism, template.Attributes);
        });

    public void GenerateRsa(byte[] id, string label, int bits, bool signing) =>
        Generate(id, session =>
        {
            using var mechanism = Mechanisms.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN);
            using var publicKey = _templates.RsaPublic(id, label, bits, signing);
            using var privateKey = _templates.RsaPrivate(id, label, signing);
            session.GenerateKeyPair(mechanism, publicKey.Attributes, privateKey.Attributes, out _, out _);
        });

    public void GenerateEc(byte[] id, string label, byte[] curveOid, bool agreement) =>
        Generate(id, session =>
        {
            using var mechanism = Mechanisms.Create(CKM.CKM_EC_KEY_PAIR_GEN);
            using var publicKey = _templates.EcPublic(id, label, curveOid, agreement);
            using var privateKey = _templates.EcPrivate(id, label, agreement);
            session.GenerateKeyPair(mechanism, publicKey.Attributes, privateKey.Attributes, out _, out _);
        });

    /// <summary>Creates a secret key object from its value (imported material), sensitive and not extractable.</summary>
    public void CreateSecret(byte[] id, string label, CKK keyType, bool mac, byte[] value) =>
        Generate(id, session =>
        {
            using var template = _templates.ImportedSecret(id, label, keyType, mac, value);
            session.CreateObject(template.Attributes);
        });

    /// <summary>Destroys every token object of a key material; absent objects are not an error.</summary>
    public void Destroy(byte[] id)
    {
        foreach (var key in _handles.Keys.Where(k => k.Id.AsSpan().SequenceEqual(id)))
        {
            if (_handles.TryRemove(key, out var copy) && key.Class == CKO.CKO_SECRET_KEY)
            {
                DestroyQuietly(copy);
            }
        }

        _sessions.Run(session =>
        {
            using var template = _templates.FindAll(id);
            foreach (var handle in session.FindAllObjects(template.Attributes))
            {
                session.DestroyObject(handle);
            }

            return 0;
        });
    }

    /// <summary>Every token object with its CKA_ID, CKA_LABEL and class; one destroyed meanwhile is left out.</summary>
    public IReadOnlyList<TokenObjectInfo> ListObjects() =>
        _sessions.Run(_templates, static (session, templates) =>
        {
            List<IObjectHandle> handles;
            using (var template = templates.TokenObjects())
            {
                handles = session.FindAllObjects(template.Attributes);
            }

            var objects = new List<TokenObjectInfo>(handles.Count);
            foreach (var handle in handles)
            {
                try
                {
                    using var read = new ObjectTemplate(session.GetAttributeValue(handle, [CKA.CKA_ID, CKA.CKA_LABEL, CKA.CKA_CLASS]));
                    var attributes = read.Attributes;
                    objects.Add(new TokenObjectInfo(handle, attributes[0].GetValueAsByteArray() ?? [], attributes[1].GetValueAsString() ?? string.Empty,
                        (CKO)attributes[2].GetValueAsUlong()));
                }
                catch (Pkcs11Exception e) when (e.RV == CKR.CKR_OBJECT_HANDLE_INVALID)
                {
                    // Destroyed by another engine since the search.
                }
            }

            return objects;
        });

    /// <summary>Destroys listed objects; one already gone is not an error.</summary>
    public void Destroy(IReadOnlyCollection<TokenObjectInfo> objects) =>
        _sessions.Run(objects, static (session, objects) =>
        {
            foreach (var tokenObject in objects)
            {
                try
                {
                    session.DestroyObject(tokenObject.Handle);
                }
                catch (Pkcs11Exception e) when (e.RV == CKR.CKR_OBJECT_HANDLE_INVALID)
                {
                    // Destroyed by another engine since it was listed.
                }
            }

            return 0;
        });

    public byte[] EncryptAesGcm(byte[] id, byte[] iv, byte[] aad, byte[] plaintext)
    {
        using var parameters = Mechanisms.Gcm(iv, aad);
        using var mechanism = Mechanisms.Create(CKM.CKM_AES_GCM, parameters);
        return WithKey(id, CKO.CKO_SECRET_KEY, (mechanism, plaintext), static (session, key, call) => session.Encrypt(call.mechanism, key, call.plaintext));
    }

    /// <summary>Decrypts ciphertext‖tag; a failed authentication is a <see cref="CryptographicException"/>.</summary>
    public byte[] DecryptAesGcm(byte[] id, byte[] iv, byte[] aad, byte[] ciphertextAndTag)
    {
        using var parameters = Mechanisms.Gcm(iv, aad);
        using var mechanism = Mechanisms.Create(CKM.CKM_AES_GCM, parameters);
        try
        {
            return WithKey(id, CKO.CKO_SECRET_KEY, (mechanism, ciphertextAndTag),
                static (session, key, call) => session.Decrypt(call.mechanism, key, call.ciphertextAndTag));
        }
        // SoftHSM 2.6 reports a failed tag check as CKR_GENERAL_ERROR; other modules use the standard codes.
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_GENERAL_ERROR or CKR.CKR_ENCRYPTED_DATA_INVALID
                                            or CKR.CKR_ENCRYPTED_DATA_LEN_RANGE or CKR.CKR_DATA_INVALID)
        {
            throw new CryptographicException("The ciphertext failed authentication.", e);
        }
    }

    public byte[] Mac(byte[] id, CKM mechanism, byte[] message)
    {
        using var mac = Mechanisms.Create(mechanism);
        return WithKey(id, CKO.CKO_SECRET_KEY, (mac, message), static (session, key, call) => session.Sign(call.mac, key, call.message));
    }

    public byte[] Sign(byte[] id, CKM mechanism, IMechanismParams? parameters, byte[] data)
    {
        using var signing = Mechanisms.Create(mechanism, parameters);
        return WithKey(id, CKO.CKO_PRIVATE_KEY, (signing, data), static (session, key, call) => session.Sign(call.signing, key, call.data));
    }

    public bool Verify(byte[] id, CKM mechanism, IMechanismParams? parameters, byte[] data, byte[] signature)
    {
        using var verifying = Mechanisms.Create(mechanism, parameters);
        try
        {
            return WithKey(id, CKO.CKO_PUBLIC_KEY, (verifying, data, signature), static (session, key, call) =>
            {
                session.Verify(call.verifying, key, call.data, call.signature, out var valid);
                return valid;
            });
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_SIGNATURE_LEN_RANGE or CKR.CKR_SIGNATURE_INVALID)
        {
            return false;
        }
    }

    public byte[] Decrypt(byte[] id, CKM mechanism, IMechanismParams? parameters, byte[] ciphertext)
    {
        using var decrypting = Mechanisms.Create(mechanism, parameters);
        try
        {
            return WithKey(id, CKO.CKO_PRIVATE_KEY, (decrypting, ciphertext), static (session, key, call) => session.Decrypt(call.decrypting, key, call.ciphertext));
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_ENCRYPTED_DATA_INVALID or CKR.CKR_ENCRYPTED_DATA_LEN_RANGE
                                            or CKR.CKR_GENERAL_ERROR or CKR.CKR_DATA_INVALID or CKR.CKR_DATA_LEN_RANGE)
        {
            throw new CryptographicException("The ciphertext could not be decrypted.", e);
        }
    }

    /// <summary>Raw ECDH (CKD_NULL): the x-coordinate of the shared point.</summary>
    public byte[] DeriveEcdh(byte[] id, byte[] peerPoint, int secretLength)
    {
        using var parameters = Pkcs11Libraries.Factories.MechanismParamsFactory.CreateCkEcdh1DeriveParams((ulong)CKD.CKD_NULL, null, peerPoint);
        using var mechanism = Mechanisms.Create(CKM.CKM_ECDH1_DERIVE, parameters);
        using var template = _templates.DerivedSecret(secretLength);
        return WithKey(id, CKO.CKO_PRIVATE_KEY, (mechanism, template: template.Attributes), static (session, key, call) =>
        {
            var secret = session.DeriveKey(call.mechanism, key, call.template);
            try
            {
                return session.GetAttributeValue(secret, [CKA.CKA_VALUE])[0].GetValueAsByteArray();
            }
            finally
            {
                session.DestroyObject(secret);
            }
        });
    }

    public IReadOnlyList<byte[]> ReadPublicAttributes(byte[] id, params CKA[] attributes) =>
        WithKey(id, CKO.CKO_PUBLIC_KEY, attributes, static (session, key, attributes) =>
            session.GetAttributeValue(key, attributes.ToList()).Select(a => a.GetValueAsByteArray()).ToList());

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _sessions.Dispose();
        _calls.Run(this, static token =>
        {
            lock (token._holderGate)
            {
                // Closing the holder destroys the session copies of keys.
                token._holder.Dispose();
            }

            return true;
        });
    }

    /// <summary>
    /// SoftHSM's file store now and then answers CKR_GENERAL_ERROR when another process writes the token at
    /// the same moment (seen in the two-process test): such a call is tried once more.
    /// </summary>
    private static T RetryingTransientFailure<TState, T>(TState state, Func<TState, T> call, Action<TState>? beforeRetry = null)
    {
        try
        {
            return call(state);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_GENERAL_ERROR)
        {
            beforeRetry?.Invoke(state);
            return call(state);
        }
    }

    private void Generate(byte[] id, Action<ISession> generate) =>
        RetryingTransientFailure(
            (Token: this, Id: id, Generate: generate),
            static call => call.Token._sessions.Run(call.Generate, static (session, generate) =>
            {
                generate(session);
                return true;
            }),
            beforeRetry: static call => call.Token.Destroy(call.Id));

    /// <summary>
    /// Runs an operation with the key's handle on a pooled session. Static lambdas and value-tuple states keep
    /// the path of every cryptographic call free of closures.
    /// </summary>
    private T WithKey<TState, T>(byte[] id, CKO objectClass, TState state, Func<ISession, IObjectHandle, TState, T> operation) =>
        RetryingTransientFailure(
            (Token: this, Object: new TokenObject(id, objectClass), State: state, Operation: operation),
            static call => call.Token._sessions.Run(call, static (session, call) => call.Token.WithHandle(session, call.Object, call.State, call.Operation)));

    private T WithHandle<TState, T>(ISession session, TokenObject tokenObject, TState state, Func<ISession, IObjectHandle, TState, T> operation)
    {
        var handle = Resolve(session, tokenObject);
        try
        {
            return operation(session, handle, state);
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_OBJECT_HANDLE_INVALID or CKR.CKR_KEY_HANDLE_INVALID)
        {
            // Another process destroyed or recreated the object: look it up again once.
            _handles.TryRemove(tokenObject, out _);
            return operation(session, Resolve(session, tokenObject), state);
        }
    }

    private IObjectHandle Resolve(ISession session, TokenObject cacheKey)
    {
        var id = cacheKey.Id;
        if (_handles.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        using var template = _templates.Find(id, cacheKey.Class);
        var found = session.FindAllObjects(template.Attributes);
        for (var attempt = 0; found.Count == 0 && _refreshObjectIndex is not null && attempt < ResolveBackoffMilliseconds.Length; attempt++)
        {
            // Created by another process since this one last read the token: make the module look again. That
            // process may still be writing the token (its object file, then the generation): give it time.
            Thread.Sleep(ResolveBackoffMilliseconds[attempt]);
            _refreshObjectIndex();
            found = session.FindAllObjects(template.Attributes);
        }

        if (found.Count == 0)
        {
            throw new HsmKeyMissingException(Convert.ToHexString(id));
        }

        var handle = cacheKey.Class == CKO.CKO_SECRET_KEY ? SessionCopy(found[0]) : found[0];
        return _handles.GetOrAdd(cacheKey, handle);
    }

    private IObjectHandle SessionCopy(IObjectHandle tokenObject)
    {
        lock (_holderGate)
        {
            using var template = _templates.SessionCopy();
            return _holder.CopyObject(tokenObject, template.Attributes);
        }
    }

    private void DestroyQuietly(IObjectHandle sessionCopy) =>
        _calls.Run((Token: this, Copy: sessionCopy), static call =>
        {
            lock (call.Token._holderGate)
            {
                try
                {
                    call.Token._holder.DestroyObject(call.Copy);
                }
                catch (Pkcs11Exception)
                {
                    // Already gone with its session: nothing to destroy.
                }
            }

            return true;
        });

    private static ISlot? FindSlot(IPkcs11Library library, string label) =>
        library.GetSlotList(SlotsType.WithTokenPresent)
            .FirstOrDefault(slot =>
            {
                var token = slot.GetTokenInfo();
                return token.TokenFlags.TokenInitialized && token.Label.Trim() == label;
            });

    private static void InitializeToken(IPkcs11Library library, TokenOptions options)
    {
        var free = library.GetSlotList(SlotsType.WithTokenPresent)
            .FirstOrDefault(slot => !slot.GetTokenInfo().TokenFlags.TokenInitialized)
            ?? throw new InvalidOperationException($"No free slot to initialise token '{options.TokenLabel}' in module {options.ModulePath}.");
        free.InitToken(options.InitializePin!, options.TokenLabel);
        var initialized = FindSlot(library, options.TokenLabel)
            ?? throw new InvalidOperationException($"Token '{options.TokenLabel}' did not appear after initialisation.");
        using var session = initialized.OpenSession(SessionType.ReadWrite);
        session.Login(CKU.CKU_SO, options.InitializePin!);
        session.InitPin(options.Pin);
        session.Logout();
    }
}
