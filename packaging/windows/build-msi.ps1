# Build dist\moonbase-<version>.msi on Windows (WiX Toolset v5 and Python 3.11 on PATH).
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build-msi.ps1
# NOT RUN on the Linux development machine; .github/workflows/bundles.yml runs it.
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $Root
python packaging\build.py bundles
if ($LASTEXITCODE -ne 0) { throw "packaging/build.py failed" }
$Version = (python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])").Trim()
dotnet tool list --global | Select-String -Quiet "wix" | Out-Null
wix extension add -g WixToolset.Firewall.wixext/5.0.2
wix build packaging\windows\moonbase.wxs `
    -ext WixToolset.Firewall.wixext `
    -arch x64 `
    -d "Version=$Version" `
    -d "DistDir=$Root\dist" `
    -d "IconDir=$Root\packaging\icons" `
    -o "dist\moonbase-$Version.msi"
if ($LASTEXITCODE -ne 0) { throw "wix build failed" }
Write-Output "dist\moonbase-$Version.msi"
