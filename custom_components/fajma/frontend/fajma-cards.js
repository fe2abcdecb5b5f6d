/*! FAJMA Lovelace cards. Bundles lit (BSD-3-Clause, Google LLC) and uPlot (MIT, Leon Sorokin). */
var vc=Object.defineProperty;var yc=Object.getOwnPropertyDescriptor;var X=(n,t,e,i)=>{for(var s=i>1?void 0:i?yc(t,e):t,o=n.length-1,a;o>=0;o--)(a=n[o])&&(s=(i?a(t,e,s):a(s))||s);return i&&s&&vc(t,e,s),s};var Xi=globalThis,ts=Xi.ShadowRoot&&(Xi.ShadyCSS===void 0||Xi.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,er=Symbol(),Lo=new WeakMap,Ai=class{constructor(t,e,i){if(this._$cssResult$=!0,i!==er)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(ts&&t===void 0){let i=e!==void 0&&e.length===1;i&&(t=Lo.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),i&&Lo.set(e,t))}return t}toString(){return this.cssText}},es=n=>new Ai(typeof n=="string"?n:n+"",void 0,er),ve=(n,...t)=>{let e=n.length===1?n[0]:t.reduce((i,s,o)=>i+(a=>{if(a._$cssResult$===!0)return a.cssText;if(typeof a=="number")return a;throw Error("Value passed to 'css' function must be a 'css' function result: "+a+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(s)+n[o+1],n[0]);return new Ai(e,n,er)},Do=(n,t)=>{if(ts)n.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let i=document.createElement("style"),s=Xi.litNonce;s!==void 0&&i.setAttribute("nonce",s),i.textContent=e.cssText,n.appendChild(i)}},nr=ts?n=>n:n=>n instanceof CSSStyleSheet?(t=>{let e="";for(let i of t.cssRules)e+=i.cssText;return es(e)})(n):n;var{is:wc,defineProperty:bc,getOwnPropertyDescriptor:_c,getOwnPropertyNames:xc,getOwnPropertySymbols:Sc,getPrototypeOf:Ac}=Object,ns=globalThis,No=ns.trustedTypes,$c=No?No.emptyScript:"",kc=ns.reactiveElementPolyfillSupport,$i=(n,t)=>n,ki={toAttribute(n,t){switch(t){case Boolean:n=n?$c:null;break;case Object:case Array:n=n==null?n:JSON.stringify(n)}return n},fromAttribute(n,t){let e=n;switch(t){case Boolean:e=n!==null;break;case Number:e=n===null?null:Number(n);break;case Object:case Array:try{e=JSON.parse(n)}catch{e=null}}return e}},is=(n,t)=>!wc(n,t),Oo={attribute:!0,type:String,converter:ki,reflect:!1,useDefault:!1,hasChanged:is};Symbol.metadata??=Symbol("metadata"),ns.litPropertyMetadata??=new WeakMap;var Ue=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=Oo){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let i=Symbol(),s=this.getPropertyDescriptor(t,i,e);s!==void 0&&bc(this.prototype,t,s)}}static getPropertyDescriptor(t,e,i){let{get:s,set:o}=_c(this.prototype,t)??{get(){return this[e]},set(a){this[e]=a}};return{get:s,set(a){let d=s?.call(this);o?.call(this,a),this.requestUpdate(t,d,i)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??Oo}static _$Ei(){if(this.hasOwnProperty($i("elementProperties")))return;let t=Ac(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty($i("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty($i("properties"))){let e=this.properties,i=[...xc(e),...Sc(e)];for(let s of i)this.createProperty(s,e[s])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[i,s]of e)this.elementProperties.set(i,s)}this._$Eh=new Map;for(let[e,i]of this.elementProperties){let s=this._$Eu(e,i);s!==void 0&&this._$Eh.set(s,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let i=new Set(t.flat(1/0).reverse());for(let s of i)e.unshift(nr(s))}else t!==void 0&&e.push(nr(t));return e}static _$Eu(t,e){let i=e.attribute;return i===!1?void 0:typeof i=="string"?i:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let i of e.keys())this.hasOwnProperty(i)&&(t.set(i,this[i]),delete this[i]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return Do(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,i){this._$AK(t,i)}_$ET(t,e){let i=this.constructor.elementProperties.get(t),s=this.constructor._$Eu(t,i);if(s!==void 0&&i.reflect===!0){let o=(i.converter?.toAttribute!==void 0?i.converter:ki).toAttribute(e,i.type);this._$Em=t,o==null?this.removeAttribute(s):this.setAttribute(s,o),this._$Em=null}}_$AK(t,e){let i=this.constructor,s=i._$Eh.get(t);if(s!==void 0&&this._$Em!==s){let o=i.getPropertyOptions(s),a=typeof o.converter=="function"?{fromAttribute:o.converter}:o.converter?.fromAttribute!==void 0?o.converter:ki;this._$Em=s;let d=a.fromAttribute(e,o.type);this[s]=d??this._$Ej?.get(s)??d,this._$Em=null}}requestUpdate(t,e,i,s=!1,o){if(t!==void 0){let a=this.constructor;if(s===!1&&(o=this[t]),i??=a.getPropertyOptions(t),!((i.hasChanged??is)(o,e)||i.useDefault&&i.reflect&&o===this._$Ej?.get(t)&&!this.hasAttribute(a._$Eu(t,i))))return;this.C(t,e,i)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:i,reflect:s,wrapped:o},a){i&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,a??e??this[t]),o!==!0||a!==void 0)||(this._$AL.has(t)||(this.hasUpdated||i||(e=void 0),this._$AL.set(t,e)),s===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[s,o]of this._$Ep)this[s]=o;this._$Ep=void 0}let i=this.constructor.elementProperties;if(i.size>0)for(let[s,o]of i){let{wrapped:a}=o,d=this[s];a!==!0||this._$AL.has(s)||d===void 0||this.C(s,void 0,o,d)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(i=>i.hostUpdate?.()),this.update(e)):this._$EM()}catch(i){throw t=!1,this._$EM(),i}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};Ue.elementStyles=[],Ue.shadowRootOptions={mode:"open"},Ue[$i("elementProperties")]=new Map,Ue[$i("finalized")]=new Map,kc?.({ReactiveElement:Ue}),(ns.reactiveElementVersions??=[]).push("2.1.2");var cr=globalThis,Ho=n=>n,ss=cr.trustedTypes,Io=ss?ss.createPolicy("lit-html",{createHTML:n=>n}):void 0,Ko="$lit$",tn=`lit$${Math.random().toFixed(9).slice(2)}$`,jo="?"+tn,Ec=`<${jo}>`,yn=document,Ci=()=>yn.createComment(""),Ti=n=>n===null||typeof n!="object"&&typeof n!="function",ur=Array.isArray,Cc=n=>ur(n)||typeof n?.[Symbol.iterator]=="function",ir=`[ 	
\f\r]`,Ei=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Vo=/-->/g,zo=/>/g,gn=RegExp(`>|${ir}(?:([^\\s"'>=/]+)(${ir}*=${ir}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Fo=/'/g,Wo=/"/g,Bo=/^(?:script|style|textarea|title)$/i,fr=n=>(t,...e)=>({_$litType$:n,strings:t,values:e}),W=fr(1),Go=fr(2),Qf=fr(3),wn=Symbol.for("lit-noChange"),z=Symbol.for("lit-nothing"),Uo=new WeakMap,vn=yn.createTreeWalker(yn,129);function qo(n,t){if(!ur(n)||!n.hasOwnProperty("raw"))throw Error("invalid template strings array");return Io!==void 0?Io.createHTML(t):t}var Tc=(n,t)=>{let e=n.length-1,i=[],s,o=t===2?"<svg>":t===3?"<math>":"",a=Ei;for(let d=0;d<e;d++){let f=n[d],h,y,m=-1,v=0;for(;v<f.length&&(a.lastIndex=v,y=a.exec(f),y!==null);)v=a.lastIndex,a===Ei?y[1]==="!--"?a=Vo:y[1]!==void 0?a=zo:y[2]!==void 0?(Bo.test(y[2])&&(s=RegExp("</"+y[2],"g")),a=gn):y[3]!==void 0&&(a=gn):a===gn?y[0]===">"?(a=s??Ei,m=-1):y[1]===void 0?m=-2:(m=a.lastIndex-y[2].length,h=y[1],a=y[3]===void 0?gn:y[3]==='"'?Wo:Fo):a===Wo||a===Fo?a=gn:a===Vo||a===zo?a=Ei:(a=gn,s=void 0);let A=a===gn&&n[d+1].startsWith("/>")?" ":"";o+=a===Ei?f+Ec:m>=0?(i.push(h),f.slice(0,m)+Ko+f.slice(m)+tn+A):f+tn+(m===-2?d:A)}return[qo(n,o+(n[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),i]},Pi=class n{constructor({strings:t,_$litType$:e},i){let s;this.parts=[];let o=0,a=0,d=t.length-1,f=this.parts,[h,y]=Tc(t,e);if(this.el=n.createElement(h,i),vn.currentNode=this.el.content,e===2||e===3){let m=this.el.content.firstChild;m.replaceWith(...m.childNodes)}for(;(s=vn.nextNode())!==null&&f.length<d;){if(s.nodeType===1){if(s.hasAttributes())for(let m of s.getAttributeNames())if(m.endsWith(Ko)){let v=y[a++],A=s.getAttribute(m).split(tn),E=/([.?@])?(.*)/.exec(v);f.push({type:1,index:o,name:E[2],strings:A,ctor:E[1]==="."?rr:E[1]==="?"?or:E[1]==="@"?lr:Xn}),s.removeAttribute(m)}else m.startsWith(tn)&&(f.push({type:6,index:o}),s.removeAttribute(m));if(Bo.test(s.tagName)){let m=s.textContent.split(tn),v=m.length-1;if(v>0){s.textContent=ss?ss.emptyScript:"";for(let A=0;A<v;A++)s.append(m[A],Ci()),vn.nextNode(),f.push({type:2,index:++o});s.append(m[v],Ci())}}}else if(s.nodeType===8)if(s.data===jo)f.push({type:2,index:o});else{let m=-1;for(;(m=s.data.indexOf(tn,m+1))!==-1;)f.push({type:7,index:o}),m+=tn.length-1}o++}}static createElement(t,e){let i=yn.createElement("template");return i.innerHTML=t,i}};function Qn(n,t,e=n,i){if(t===wn)return t;let s=i!==void 0?e._$Co?.[i]:e._$Cl,o=Ti(t)?void 0:t._$litDirective$;return s?.constructor!==o&&(s?._$AO?.(!1),o===void 0?s=void 0:(s=new o(n),s._$AT(n,e,i)),i!==void 0?(e._$Co??=[])[i]=s:e._$Cl=s),s!==void 0&&(t=Qn(n,s._$AS(n,t.values),s,i)),t}var sr=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:i}=this._$AD,s=(t?.creationScope??yn).importNode(e,!0);vn.currentNode=s;let o=vn.nextNode(),a=0,d=0,f=i[0];for(;f!==void 0;){if(a===f.index){let h;f.type===2?h=new Ri(o,o.nextSibling,this,t):f.type===1?h=new f.ctor(o,f.name,f.strings,this,t):f.type===6&&(h=new ar(o,this,t)),this._$AV.push(h),f=i[++d]}a!==f?.index&&(o=vn.nextNode(),a++)}return vn.currentNode=yn,s}p(t){let e=0;for(let i of this._$AV)i!==void 0&&(i.strings!==void 0?(i._$AI(t,i,e),e+=i.strings.length-2):i._$AI(t[e])),e++}},Ri=class n{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,i,s){this.type=2,this._$AH=z,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=i,this.options=s,this._$Cv=s?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=Qn(this,t,e),Ti(t)?t===z||t==null||t===""?(this._$AH!==z&&this._$AR(),this._$AH=z):t!==this._$AH&&t!==wn&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):Cc(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==z&&Ti(this._$AH)?this._$AA.nextSibling.data=t:this.T(yn.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:i}=t,s=typeof i=="number"?this._$AC(t):(i.el===void 0&&(i.el=Pi.createElement(qo(i.h,i.h[0]),this.options)),i);if(this._$AH?._$AD===s)this._$AH.p(e);else{let o=new sr(s,this),a=o.u(this.options);o.p(e),this.T(a),this._$AH=o}}_$AC(t){let e=Uo.get(t.strings);return e===void 0&&Uo.set(t.strings,e=new Pi(t)),e}k(t){ur(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,i,s=0;for(let o of t)s===e.length?e.push(i=new n(this.O(Ci()),this.O(Ci()),this,this.options)):i=e[s],i._$AI(o),s++;s<e.length&&(this._$AR(i&&i._$AB.nextSibling,s),e.length=s)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let i=Ho(t).nextSibling;Ho(t).remove(),t=i}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},Xn=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,i,s,o){this.type=1,this._$AH=z,this._$AN=void 0,this.element=t,this.name=e,this._$AM=s,this.options=o,i.length>2||i[0]!==""||i[1]!==""?(this._$AH=Array(i.length-1).fill(new String),this.strings=i):this._$AH=z}_$AI(t,e=this,i,s){let o=this.strings,a=!1;if(o===void 0)t=Qn(this,t,e,0),a=!Ti(t)||t!==this._$AH&&t!==wn,a&&(this._$AH=t);else{let d=t,f,h;for(t=o[0],f=0;f<o.length-1;f++)h=Qn(this,d[i+f],e,f),h===wn&&(h=this._$AH[f]),a||=!Ti(h)||h!==this._$AH[f],h===z?t=z:t!==z&&(t+=(h??"")+o[f+1]),this._$AH[f]=h}a&&!s&&this.j(t)}j(t){t===z?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},rr=class extends Xn{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===z?void 0:t}},or=class extends Xn{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==z)}},lr=class extends Xn{constructor(t,e,i,s,o){super(t,e,i,s,o),this.type=5}_$AI(t,e=this){if((t=Qn(this,t,e,0)??z)===wn)return;let i=this._$AH,s=t===z&&i!==z||t.capture!==i.capture||t.once!==i.once||t.passive!==i.passive,o=t!==z&&(i===z||s);s&&this.element.removeEventListener(this.name,this,i),o&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},ar=class{constructor(t,e,i){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=i}get _$AU(){return this._$AM._$AU}_$AI(t){Qn(this,t)}};var Pc=cr.litHtmlPolyfillSupport;Pc?.(Pi,Ri),(cr.litHtmlVersions??=[]).push("3.3.3");var Yo=(n,t,e)=>{let i=e?.renderBefore??t,s=i._$litPart$;if(s===void 0){let o=e?.renderBefore??null;i._$litPart$=s=new Ri(t.insertBefore(Ci(),o),o,void 0,e??{})}return s._$AI(n),s};var dr=globalThis,Jt=class extends Ue{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=Yo(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return wn}};Jt._$litElement$=!0,Jt.finalized=!0,dr.litElementHydrateSupport?.({LitElement:Jt});var Rc=dr.litElementPolyfillSupport;Rc?.({LitElement:Jt});(dr.litElementVersions??=[]).push("4.2.2");var Mc={attribute:!0,type:String,converter:ki,reflect:!1,hasChanged:is},Lc=(n=Mc,t,e)=>{let{kind:i,metadata:s}=e,o=globalThis.litPropertyMetadata.get(s);if(o===void 0&&globalThis.litPropertyMetadata.set(s,o=new Map),i==="setter"&&((n=Object.create(n)).wrapped=!0),o.set(e.name,n),i==="accessor"){let{name:a}=e;return{set(d){let f=t.get.call(this);t.set.call(this,d),this.requestUpdate(a,f,n,!0,d)},init(d){return d!==void 0&&this.C(a,void 0,n,d),d}}}if(i==="setter"){let{name:a}=e;return function(d){let f=this[a];t.call(this,d),this.requestUpdate(a,f,n,!0,d)}}throw Error("Unsupported decorator location: "+i)};function bt(n){return(t,e)=>typeof e=="object"?Lc(n,t,e):((i,s,o)=>{let a=s.hasOwnProperty(o);return s.constructor.createProperty(o,i),a?Object.getOwnPropertyDescriptor(s,o):void 0})(n,t,e)}function Lt(n){return bt({...n,state:!0,attribute:!1})}var Dc="uplot",Nc="u-hz",Oc="u-vt",Hc="u-title",Ic="u-wrap",Vc="u-under",zc="u-over",Fc="u-axis",xn="u-off",Wc="u-select",Uc="u-cursor-x",Kc="u-cursor-y",jc="u-cursor-pt",Bc="u-legend",Gc="u-live",qc="u-inline",Yc="u-series",Jc="u-marker",Jo="u-label",Zc="u-value",Li="width",Di="height";var Zo="bottom",ti="left",hr="right",Pr="#000",Qo=Pr+"0",pr="mousemove",Xo="mousedown",mr="mouseup",tl="mouseenter",el="mouseleave",nl="dblclick",Qc="resize",Xc="scroll",il="change",us="dppxchange",Rr="--",li=typeof window<"u",br=li?document:null,ni=li?window:null,tu=li?navigator:null,at,os;function _r(){let n=devicePixelRatio;at!=n&&(at=n,os&&Sr(il,os,_r),os=matchMedia(`(min-resolution: ${at-.001}dppx) and (max-resolution: ${at+.001}dppx)`),Sn(il,os,_r),ni.dispatchEvent(new CustomEvent(us)))}function le(n,t){if(t!=null){let e=n.classList;!e.contains(t)&&e.add(t)}}function xr(n,t){let e=n.classList;e.contains(t)&&e.remove(t)}function _t(n,t,e){n.style[t]=e+"px"}function ke(n,t,e,i){let s=br.createElement(n);return t!=null&&le(s,t),e?.insertBefore(s,i),s}function ye(n,t){return ke("div",n,t)}var sl=new WeakMap;function Oe(n,t,e,i,s){let o="translate("+t+"px,"+e+"px)",a=sl.get(n);o!=a&&(n.style.transform=o,sl.set(n,o),t<0||e<0||t>i||e>s?le(n,xn):xr(n,xn))}var rl=new WeakMap;function ol(n,t,e){let i=t+e,s=rl.get(n);i!=s&&(rl.set(n,i),n.style.background=t,n.style.borderColor=e)}var ll=new WeakMap;function al(n,t,e,i){let s=t+""+e,o=ll.get(n);s!=o&&(ll.set(n,s),n.style.height=e+"px",n.style.width=t+"px",n.style.marginLeft=i?-t/2+"px":0,n.style.marginTop=i?-e/2+"px":0)}var Mr={passive:!0},eu={...Mr,capture:!0};function Sn(n,t,e,i){t.addEventListener(n,e,i?eu:Mr)}function Sr(n,t,e,i){t.removeEventListener(n,e,Mr)}li&&_r();function Ee(n,t,e,i){let s;e=e||0,i=i||t.length-1;let o=i<=2147483647;for(;i-e>1;)s=o?e+i>>1:ae((e+i)/2),t[s]<n?e=s:i=s;return n-t[e]<=t[i]-n?e:i}function Ol(n){return(e,i,s)=>{let o=-1,a=-1;for(let d=i;d<=s;d++)if(n(e[d])){o=d;break}for(let d=s;d>=i;d--)if(n(e[d])){a=d;break}return[o,a]}}var Hl=n=>n!=null,Il=n=>n!=null&&n>0,hs=Ol(Hl),nu=Ol(Il);function iu(n,t,e,i=0,s=!1){let o=s?nu:hs,a=s?Il:Hl;[t,e]=o(n,t,e);let d=n[t],f=n[t];if(t>-1)if(i==1)d=n[t],f=n[e];else if(i==-1)d=n[e],f=n[t];else for(let h=t;h<=e;h++){let y=n[h];a(y)&&(y<d?d=y:y>f&&(f=y))}return[d??pt,f??-pt]}function ps(n,t,e,i){let s=fl(n),o=fl(t);n==t&&(s==-1?(n*=e,t/=e):(n/=e,t*=e));let a=e==10?Ke:Vl,d=s==1?ae:we,f=o==1?we:ae,h=d(a(Nt(n))),y=f(a(Nt(t))),m=ii(e,h),v=ii(e,y);return e==10&&(h<0&&(m=mt(m,-h)),y<0&&(v=mt(v,-y))),i||e==2?(n=m*s,t=v*o):(n=Ul(n,m),t=ms(t,v)),[n,t]}function Lr(n,t,e,i){let s=ps(n,t,e,i);return n==0&&(s[0]=0),t==0&&(s[1]=0),s}var Dr=.1,cl={mode:3,pad:Dr},Oi={pad:0,soft:null,mode:0},su={min:Oi,max:Oi};function fs(n,t,e,i){return gs(e)?ul(n,t,e):(Oi.pad=e,Oi.soft=i?0:null,Oi.mode=i?3:0,ul(n,t,su))}function ot(n,t){return n??t}function ru(n,t,e){for(t=ot(t,0),e=ot(e,n.length-1);t<=e;){if(n[t]!=null)return!0;t++}return!1}function ul(n,t,e){let i=e.min,s=e.max,o=ot(i.pad,0),a=ot(s.pad,0),d=ot(i.hard,-pt),f=ot(s.hard,pt),h=ot(i.soft,pt),y=ot(s.soft,-pt),m=ot(i.mode,0),v=ot(s.mode,0),A=t-n,E=Ke(A),N=Zt(Nt(n),Nt(t)),O=Ke(N),k=Nt(O-E);(A<1e-24||k>10)&&(A=0,(n==0||t==0)&&(A=1e-24,m==2&&h!=pt&&(o=0),v==2&&y!=-pt&&(a=0)));let w=A||N||1e3,_=Ke(w),x=ii(10,ae(_)),L=w*(A==0?n==0?.1:1:o),T=mt(Ul(n-L,x/10),24),j=n>=h&&(m==1||m==3&&T<=h||m==2&&T>=h)?h:pt,Y=Zt(d,T<j&&n>=j?j:Ce(j,T)),et=w*(A==0?t==0?.1:1:a),q=mt(ms(t+et,x/10),24),C=t<=y&&(v==1||v==3&&q>=y||v==2&&q<=y)?y:-pt,Z=Ce(f,q>C&&t<=C?C:Zt(C,q));return Y==Z&&Y==0&&(Z=100),[Y,Z]}var ou=new Intl.NumberFormat(li?tu.language:"en-US"),Nr=n=>ou.format(n),ce=Math,cs=ce.PI,Nt=ce.abs,ae=ce.floor,Dt=ce.round,we=ce.ceil,Ce=ce.min,Zt=ce.max,ii=ce.pow,fl=ce.sign,Ke=ce.log10,Vl=ce.log2,lu=(n,t=1)=>ce.sinh(n)*t,gr=(n,t=1)=>ce.asinh(n/t),pt=1/0;function dl(n){return(Ke((n^n>>31)-(n>>31))|0)+1}function Ar(n,t,e){return Ce(Zt(n,t),e)}function zl(n){return typeof n=="function"}function nt(n){return zl(n)?n:()=>n}var au=()=>{},Fl=n=>n,Wl=(n,t)=>t,cu=n=>null,hl=n=>!0,pl=(n,t)=>n==t,uu=/\.\d*?(?=9{6,}|0{6,})/gm,An=n=>{if(jl(n)||nn.has(n))return n;let t=`${n}`,e=t.match(uu);if(e==null)return n;let i=e[0].length-1;if(t.indexOf("e-")!=-1){let[s,o]=t.split("e");return+`${An(s)}e${o}`}return mt(n,i)};function bn(n,t){return An(mt(An(n/t))*t)}function ms(n,t){return An(we(An(n/t))*t)}function Ul(n,t){return An(ae(An(n/t))*t)}function mt(n,t=0){if(jl(n))return n;let e=10**t,i=n*e*(1+Number.EPSILON);return Dt(i)/e}var nn=new Map;function Kl(n){return((""+n).split(".")[1]||"").length}function Ii(n,t,e,i){let s=[],o=i.map(Kl);for(let a=t;a<e;a++){let d=Nt(a),f=mt(ii(n,a),d);for(let h=0;h<i.length;h++){let y=n==10?+`${i[h]}e${a}`:i[h]*f,m=(a>=0?0:d)+(a>=o[h]?0:o[h]),v=n==10?y:mt(y,m);s.push(v),nn.set(v,m)}}return s}var Hi={},Or=[],si=[null,null],en=Array.isArray,jl=Number.isInteger,fu=n=>n===void 0;function ml(n){return typeof n=="string"}function gs(n){let t=!1;if(n!=null){let e=n.constructor;t=e==null||e==Object}return t}function du(n){return n!=null&&typeof n=="object"}var hu=Object.getPrototypeOf(Uint8Array),Bl="__proto__";function ri(n,t=gs){let e;if(en(n)){let i=n.find(s=>s!=null);if(en(i)||t(i)){e=Array(n.length);for(let s=0;s<n.length;s++)e[s]=ri(n[s],t)}else e=n.slice()}else if(n instanceof hu)e=n.slice();else if(t(n)){e={};for(let i in n)i!=Bl&&(e[i]=ri(n[i],t))}else e=n;return e}function Pt(n){let t=arguments;for(let e=1;e<t.length;e++){let i=t[e];for(let s in i)s!=Bl&&(gs(n[s])?Pt(n[s],ri(i[s])):n[s]=ri(i[s]))}return n}var pu=0,mu=1,gu=2;function vu(n,t,e){for(let i=0,s,o=-1;i<t.length;i++){let a=t[i];if(a>o){for(s=a-1;s>=0&&n[s]==null;)n[s--]=null;for(s=a+1;s<e&&n[s]==null;)n[o=s++]=null}}}function yu(n,t){if(_u(n)){let a=n[0].slice();for(let d=1;d<n.length;d++)a.push(...n[d].slice(1));return xu(a[0])||(a=bu(a)),a}let e=new Set;for(let a=0;a<n.length;a++){let f=n[a][0],h=f.length;for(let y=0;y<h;y++)e.add(f[y])}let i=[Array.from(e).sort((a,d)=>a-d)],s=i[0].length,o=new Map;for(let a=0;a<s;a++)o.set(i[0][a],a);for(let a=0;a<n.length;a++){let d=n[a],f=d[0];for(let h=1;h<d.length;h++){let y=d[h],m=Array(s).fill(void 0),v=t?t[a][h]:mu,A=[];for(let E=0;E<y.length;E++){let N=y[E],O=o.get(f[E]);N===null?v!=pu&&(m[O]=N,v==gu&&A.push(O)):m[O]=N}vu(m,A,s),i.push(m)}}return i}var wu=typeof queueMicrotask>"u"?n=>Promise.resolve().then(n):queueMicrotask;function bu(n){let t=n[0],e=t.length,i=Array(e);for(let o=0;o<i.length;o++)i[o]=o;i.sort((o,a)=>t[o]-t[a]);let s=[];for(let o=0;o<n.length;o++){let a=n[o],d=Array(e);for(let f=0;f<e;f++)d[f]=a[i[f]];s.push(d)}return s}function _u(n){let t=n[0][0],e=t.length;for(let i=1;i<n.length;i++){let s=n[i][0];if(s.length!=e)return!1;if(s!=t){for(let o=0;o<e;o++)if(s[o]!=t[o])return!1}}return!0}function xu(n,t=100){let e=n.length;if(e<=1)return!0;let i=0,s=e-1;for(;i<=s&&n[i]==null;)i++;for(;s>=i&&n[s]==null;)s--;if(s<=i)return!0;let o=Zt(1,ae((s-i+1)/t));for(let a=n[i],d=i+o;d<=s;d+=o){let f=n[d];if(f!=null){if(f<=a)return!1;a=f}}return!0}var Gl=["January","February","March","April","May","June","July","August","September","October","November","December"],ql=["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"];function Yl(n){return n.slice(0,3)}var Su=ql.map(Yl),Au=Gl.map(Yl),$u={MMMM:Gl,MMM:Au,WWWW:ql,WWW:Su};function Mi(n){return(n<10?"0":"")+n}function ku(n){return(n<10?"00":n<100?"0":"")+n}var Eu={YYYY:n=>n.getFullYear(),YY:n=>(n.getFullYear()+"").slice(2),MMMM:(n,t)=>t.MMMM[n.getMonth()],MMM:(n,t)=>t.MMM[n.getMonth()],MM:n=>Mi(n.getMonth()+1),M:n=>n.getMonth()+1,DD:n=>Mi(n.getDate()),D:n=>n.getDate(),WWWW:(n,t)=>t.WWWW[n.getDay()],WWW:(n,t)=>t.WWW[n.getDay()],HH:n=>Mi(n.getHours()),H:n=>n.getHours(),h:n=>{let t=n.getHours();return t==0?12:t>12?t-12:t},AA:n=>n.getHours()>=12?"PM":"AM",aa:n=>n.getHours()>=12?"pm":"am",a:n=>n.getHours()>=12?"p":"a",mm:n=>Mi(n.getMinutes()),m:n=>n.getMinutes(),ss:n=>Mi(n.getSeconds()),s:n=>n.getSeconds(),fff:n=>ku(n.getMilliseconds())};function Hr(n,t){t=t||$u;let e=[],i=/\{([a-z]+)\}|[^{]+/gi,s;for(;s=i.exec(n);)e.push(s[0][0]=="{"?Eu[s[1]]:s[0]);return o=>{let a="";for(let d=0;d<e.length;d++)a+=typeof e[d]=="string"?e[d]:e[d](o,t);return a}}var Cu=new Intl.DateTimeFormat().resolvedOptions().timeZone;function Tu(n,t){let e;return t=="UTC"||t=="Etc/UTC"?e=new Date(+n+n.getTimezoneOffset()*6e4):t==Cu?e=n:(e=new Date(n.toLocaleString("en-US",{timeZone:t})),e.setMilliseconds(n.getMilliseconds())),e}var Jl=n=>n%1==0,ds=[1,2,2.5,5],Pu=Ii(10,-32,0,ds),Zl=Ii(10,0,32,ds),Ru=Zl.filter(Jl),_n=Pu.concat(Zl),Ir=`
`,Ql="{YYYY}",gl=Ir+Ql,Xl="{M}/{D}",Ni=Ir+Xl,ls=Ni+"/{YY}",ta="{aa}",Mu="{h}:{mm}",ei=Mu+ta,vl=Ir+ei,yl=":{ss}",ut=null;function ea(n){let t=n*1e3,e=t*60,i=e*60,s=i*24,o=s*30,a=s*365,f=(n==1?Ii(10,0,3,ds).filter(Jl):Ii(10,-3,0,ds)).concat([t,t*5,t*10,t*15,t*30,e,e*5,e*10,e*15,e*30,i,i*2,i*3,i*4,i*6,i*8,i*12,s,s*2,s*3,s*4,s*5,s*6,s*7,s*8,s*9,s*10,s*15,o,o*2,o*3,o*4,o*6,a,a*2,a*5,a*10,a*25,a*50,a*100]),h=[[a,Ql,ut,ut,ut,ut,ut,ut,1],[s*28,"{MMM}",gl,ut,ut,ut,ut,ut,1],[s,Xl,gl,ut,ut,ut,ut,ut,1],[i,"{h}"+ta,ls,ut,Ni,ut,ut,ut,1],[e,ei,ls,ut,Ni,ut,ut,ut,1],[t,yl,ls+" "+ei,ut,Ni+" "+ei,ut,vl,ut,1],[n,yl+".{fff}",ls+" "+ei,ut,Ni+" "+ei,ut,vl,ut,1]];function y(m){return(v,A,E,N,O,k)=>{let w=[],_=O>=a,x=O>=o&&O<a,L=m(E),T=mt(L*n,3),j=vr(L.getFullYear(),_?0:L.getMonth(),x||_?1:L.getDate()),Y=mt(j*n,3);if(x||_){let et=x?O/o:0,q=_?O/a:0,C=T==Y?T:mt(vr(j.getFullYear()+q,j.getMonth()+et,1)*n,3),Z=new Date(Dt(C/n)),H=Z.getFullYear(),B=Z.getMonth();for(let U=0;C<=N;U++){let it=vr(H+q*U,B+et*U,1),F=it-m(mt(it*n,3));C=mt((+it+F)*n,3),C<=N&&w.push(C)}}else{let et=O>=s?s:O,q=ae(E)-ae(T),C=Y+q+ms(T-Y,et);w.push(C);let Z=m(C),H=Z.getHours()+Z.getMinutes()/e+Z.getSeconds()/i,B=O/i,U=v.axes[A]._space,it=k/U;for(;C=mt(C+O,n==1?0:3),!(C>N);)if(B>1){let F=ae(mt(H+B,6))%24,st=m(C).getHours()-F;st>1&&(st=-1),C-=st*i,H=(H+B)%24;let dt=w[w.length-1];mt((C-dt)/O,3)*it>=.7&&w.push(C)}else w.push(C)}return w}}return[f,h,y]}var[Lu,Du,Nu]=ea(1),[Ou,Hu,Iu]=ea(.001);Ii(2,-53,53,[1]);function wl(n,t){return n.map(e=>e.map((i,s)=>s==0||s==8||i==null?i:t(s==1||e[8]==0?i:e[1]+i)))}function bl(n,t){return(e,i,s,o,a)=>{let d=t.find(E=>a>=E[0])||t[t.length-1],f,h,y,m,v,A;return i.map(E=>{let N=n(E),O=N.getFullYear(),k=N.getMonth(),w=N.getDate(),_=N.getHours(),x=N.getMinutes(),L=N.getSeconds(),T=O!=f&&d[2]||k!=h&&d[3]||w!=y&&d[4]||_!=m&&d[5]||x!=v&&d[6]||L!=A&&d[7]||d[1];return f=O,h=k,y=w,m=_,v=x,A=L,T(N)})}}function Vu(n,t){let e=Hr(t);return(i,s,o,a,d)=>s.map(f=>e(n(f)))}function vr(n,t,e){return new Date(n,t,e)}function _l(n,t){return t(n)}var zu="{YYYY}-{MM}-{DD} {h}:{mm}{aa}";function xl(n,t){return(e,i,s,o)=>o==null?Rr:t(n(i))}function Fu(n,t){let e=n.series[t];return e.width?e.stroke(n,t):e.points.width?e.points.stroke(n,t):null}function Wu(n,t){return n.series[t].fill(n,t)}var Uu={show:!0,live:!0,isolate:!1,mount:au,markers:{show:!0,width:2,stroke:Fu,fill:Wu,dash:"solid"},idx:null,idxs:null,values:[]};function Ku(n,t){let e=n.cursor.points,i=ye(),s=e.size(n,t);_t(i,Li,s),_t(i,Di,s);let o=s/-2;_t(i,"marginLeft",o),_t(i,"marginTop",o);let a=e.width(n,t,s);return a&&_t(i,"borderWidth",a),i}function ju(n,t){let e=n.series[t].points;return e._fill||e._stroke}function Bu(n,t){let e=n.series[t].points;return e._stroke||e._fill}function Gu(n,t){return n.series[t].points.size}var yr=[0,0];function qu(n,t,e){return yr[0]=t,yr[1]=e,yr}function as(n,t,e,i=!0){return s=>{s.button==0&&(!i||s.target==t)&&e(s)}}function wr(n,t,e,i=!0){return s=>{(!i||s.target==t)&&e(s)}}var Yu={show:!0,x:!0,y:!0,lock:!1,move:qu,points:{one:!1,show:Ku,size:Gu,width:0,stroke:Bu,fill:ju},bind:{mousedown:as,mouseup:as,click:as,dblclick:as,mousemove:wr,mouseleave:wr,mouseenter:wr},drag:{setScale:!0,x:!0,y:!1,dist:0,uni:null,click:(n,t)=>{t.stopPropagation(),t.stopImmediatePropagation()},_x:!1,_y:!1},focus:{dist:(n,t,e,i,s)=>i-s,prox:-1,bias:0},hover:{skip:[void 0],prox:null,bias:0},left:-10,top:-10,idx:null,dataIdx:null,idxs:null,event:null},na={show:!0,stroke:"rgba(0,0,0,0.07)",width:2},Vr=Pt({},na,{filter:Wl}),ia=Pt({},Vr,{size:10}),sa=Pt({},na,{show:!1}),zr='12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"',ra="bold "+zr,oa=1.5,Sl={show:!0,scale:"x",stroke:Pr,space:50,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:ra,side:2,grid:Vr,ticks:ia,border:sa,font:zr,lineGap:oa,rotate:0},Ju="Value",Zu="Time",Al={show:!0,scale:"x",auto:!1,sorted:1,min:pt,max:-pt,idxs:[]};function Qu(n,t,e,i,s){return t.map(o=>o==null?"":Nr(o))}function Xu(n,t,e,i,s,o,a){let d=[],f=nn.get(s)||0;e=a?e:mt(ms(e,s),f);for(let h=e;h<=i;h=mt(h+s,f))d.push(Object.is(h,-0)?0:h);return d}function $r(n,t,e,i,s,o,a){let d=[],f=n.scales[n.axes[t].scale].log,h=f==10?Ke:Vl,y=ae(h(e));s=ii(f,y),f==10&&(s=_n[Ee(s,_n)]);let m=e,v=s*f;f==10&&(v=_n[Ee(v,_n)]);do d.push(m),m=m+s,f==10&&!nn.has(m)&&(m=mt(m,nn.get(s))),m>=v&&(s=m,v=s*f,f==10&&(v=_n[Ee(v,_n)]));while(m<=i);return d}function tf(n,t,e,i,s,o,a){let f=n.scales[n.axes[t].scale].asinh,h=i>f?$r(n,t,Zt(f,e),i,s):[f],y=i>=0&&e<=0?[0]:[];return(e<-f?$r(n,t,Zt(f,-i),-e,s):[f]).reverse().map(v=>-v).concat(y,h)}var la=/./,ef=/[12357]/,nf=/[125]/,$l=/1/,kr=(n,t,e,i)=>n.map((s,o)=>t==4&&s==0||o%i==0&&e.test(s.toExponential()[s<0?1:0])?s:null);function sf(n,t,e,i,s){let o=n.axes[e],a=o.scale,d=n.scales[a],f=n.valToPos,h=o._space,y=f(10,a),m=f(9,a)-y>=h?la:f(7,a)-y>=h?ef:f(5,a)-y>=h?nf:$l;if(m==$l){let v=Nt(f(1,a)-y);if(v<h)return kr(t.slice().reverse(),d.distr,m,we(h/v)).reverse()}return kr(t,d.distr,m,1)}function rf(n,t,e,i,s){let o=n.axes[e],a=o.scale,d=o._space,f=n.valToPos,h=Nt(f(1,a)-f(2,a));return h<d?kr(t.slice().reverse(),3,la,we(d/h)).reverse():t}function of(n,t,e,i){return i==null?Rr:t==null?"":Nr(t)}var kl={show:!0,scale:"y",stroke:Pr,space:30,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:ra,side:3,grid:Vr,ticks:ia,border:sa,font:zr,lineGap:oa,rotate:0};function lf(n,t){let e=3+(n||1)*2;return mt(e*t,3)}function af(n,t){let{scale:e,idxs:i}=n.series[0],s=n._data[0],o=n.valToPos(s[i[0]],e,!0),a=n.valToPos(s[i[1]],e,!0),d=Nt(a-o),f=n.series[t],h=d/(f.points.space*at);return i[1]-i[0]<=h}var El={scale:null,auto:!0,sorted:0,min:pt,max:-pt},aa=(n,t,e,i,s)=>s,Cl={show:!0,auto:!0,sorted:0,gaps:aa,alpha:1,facets:[Pt({},El,{scale:"x"}),Pt({},El,{scale:"y"})]},Tl={scale:"y",auto:!0,sorted:0,show:!0,spanGaps:!1,gaps:aa,alpha:1,points:{show:af,filter:null},values:null,min:pt,max:-pt,idxs:[],path:null,clip:null};function cf(n,t,e,i,s){return e/10}var ca={time:!0,auto:!0,distr:1,log:10,asinh:1,min:null,max:null,dir:1,ori:0},uf=Pt({},ca,{time:!1,ori:1}),Pl={};function ua(n,t){let e=Pl[n];return e||(e={key:n,plots:[],sub(i){e.plots.push(i)},unsub(i){e.plots=e.plots.filter(s=>s!=i)},pub(i,s,o,a,d,f,h){for(let y=0;y<e.plots.length;y++)e.plots[y]!=s&&e.plots[y].pub(i,s,o,a,d,f,h)}},n!=null&&(Pl[n]=e)),e}var oi=1,Er=2;function $n(n,t,e){let i=n.mode,s=n.series[t],o=i==2?n._data[t]:n._data,a=n.scales,d=n.bbox,f=o[0],h=i==2?o[1]:o[t],y=i==2?a[s.facets[0].scale]:a[n.series[0].scale],m=i==2?a[s.facets[1].scale]:a[s.scale],v=d.left,A=d.top,E=d.width,N=d.height,O=n.valToPosH,k=n.valToPosV;return y.ori==0?e(s,f,h,y,m,O,k,v,A,E,N,ys,ai,bs,da,pa):e(s,f,h,y,m,k,O,A,v,N,E,ws,ci,Ur,ha,ma)}function Fr(n,t){let e=0,i=0,s=ot(n.bands,Or);for(let o=0;o<s.length;o++){let a=s[o];a.series[0]==t?e=a.dir:a.series[1]==t&&(a.dir==1?i|=1:i|=2)}return[e,i==1?-1:i==2?1:i==3?2:0]}function ff(n,t,e,i,s){let o=n.mode,a=n.series[t],d=o==2?a.facets[1].scale:a.scale,f=n.scales[d];return s==-1?f.min:s==1?f.max:f.distr==3?f.dir==1?f.min:f.max:0}function je(n,t,e,i,s,o){return $n(n,t,(a,d,f,h,y,m,v,A,E,N,O)=>{let k=a.pxRound,w=h.dir*(h.ori==0?1:-1),_=h.ori==0?ai:ci,x,L;w==1?(x=e,L=i):(x=i,L=e);let T=k(m(d[x],h,N,A)),j=k(v(f[x],y,O,E)),Y=k(m(d[L],h,N,A)),et=k(v(o==1?y.max:y.min,y,O,E)),q=new Path2D(s);return _(q,Y,et),_(q,T,et),_(q,T,j),q})}function vs(n,t,e,i,s,o){let a=null;if(n.length>0){a=new Path2D;let d=t==0?bs:Ur,f=e;for(let m=0;m<n.length;m++){let v=n[m];if(v[1]>v[0]){let A=v[0]-f;A>0&&d(a,f,i,A,i+o),f=v[1]}}let h=e+s-f,y=10;h>0&&d(a,f,i-y/2,h,i+o+y)}return a}function df(n,t,e){let i=n[n.length-1];i&&i[0]==t?i[1]=e:n.push([t,e])}function Wr(n,t,e,i,s,o,a){let d=[],f=n.length;for(let h=s==1?e:i;h>=e&&h<=i;h+=s)if(t[h]===null){let m=h,v=h;if(s==1)for(;++h<=i&&t[h]===null;)v=h;else for(;--h>=e&&t[h]===null;)v=h;let A=o(n[m]),E=v==m?A:o(n[v]),N=m-s;A=a<=0&&N>=0&&N<f?o(n[N]):A;let k=v+s;E=a>=0&&k>=0&&k<f?o(n[k]):E,E>=A&&d.push([A,E])}return d}function Rl(n){return n==0?Fl:n==1?Dt:t=>bn(t,n)}function fa(n){let t=n==0?ys:ws,e=n==0?(s,o,a,d,f,h)=>{s.arcTo(o,a,d,f,h)}:(s,o,a,d,f,h)=>{s.arcTo(a,o,f,d,h)},i=n==0?(s,o,a,d,f)=>{s.rect(o,a,d,f)}:(s,o,a,d,f)=>{s.rect(a,o,f,d)};return(s,o,a,d,f,h=0,y=0)=>{h==0&&y==0?i(s,o,a,d,f):(h=Ce(h,d/2,f/2),y=Ce(y,d/2,f/2),t(s,o+h,a),e(s,o+d,a,o+d,a+f,h),e(s,o+d,a+f,o,a+f,y),e(s,o,a+f,o,a,y),e(s,o,a,o+d,a,h),s.closePath())}}var ys=(n,t,e)=>{n.moveTo(t,e)},ws=(n,t,e)=>{n.moveTo(e,t)},ai=(n,t,e)=>{n.lineTo(t,e)},ci=(n,t,e)=>{n.lineTo(e,t)},bs=fa(0),Ur=fa(1),da=(n,t,e,i,s,o)=>{n.arc(t,e,i,s,o)},ha=(n,t,e,i,s,o)=>{n.arc(e,t,i,s,o)},pa=(n,t,e,i,s,o,a)=>{n.bezierCurveTo(t,e,i,s,o,a)},ma=(n,t,e,i,s,o,a)=>{n.bezierCurveTo(e,t,s,i,a,o)};function ga(n){return(t,e,i,s,o)=>$n(t,e,(a,d,f,h,y,m,v,A,E,N,O)=>{let{pxRound:k,points:w}=a,_,x;h.ori==0?(_=ys,x=da):(_=ws,x=ha);let L=mt(w.width*at,3),T=(w.size-w.width)/2*at,j=mt(T*2,3),Y=new Path2D,et=new Path2D,{left:q,top:C,width:Z,height:H}=t.bbox;bs(et,q-j,C-j,Z+j*2,H+j*2);let B=U=>{if(f[U]!=null){let it=k(m(d[U],h,N,A)),F=k(v(f[U],y,O,E));_(Y,it+T,F),x(Y,it,F,T,0,cs*2)}};if(o)o.forEach(B);else for(let U=i;U<=s;U++)B(U);return{stroke:L>0?Y:null,fill:Y,clip:et,flags:oi|Er}})}function va(n){return(t,e,i,s,o,a)=>{i!=s&&(o!=i&&a!=i&&n(t,e,i),o!=s&&a!=s&&n(t,e,s),n(t,e,a))}}var hf=va(ai),pf=va(ci);function ya(n){let t=ot(n?.alignGaps,0);return(e,i,s,o)=>$n(e,i,(a,d,f,h,y,m,v,A,E,N,O)=>{[s,o]=hs(f,s,o);let k=a.pxRound,w=H=>k(m(H,h,N,A)),_=H=>k(v(H,y,O,E)),x,L;h.ori==0?(x=ai,L=hf):(x=ci,L=pf);let T=h.dir*(h.ori==0?1:-1),j={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:oi},Y=j.stroke,et=!1;if(o-s>=N*4){let H=I=>e.posToVal(I,h.key,!0),B=null,U=null,it,F,Xt,xt=w(d[T==1?s:o]),st=w(d[s]),dt=w(d[o]),Q=H(T==1?st+1:dt-1);for(let I=T==1?s:o;I>=s&&I<=o;I+=T){let Rt=d[I],St=(T==1?Rt<Q:Rt>Q)?xt:w(Rt),ct=f[I];St==xt?ct!=null?(F=ct,B==null?(x(Y,St,_(F)),it=B=U=F):F<B?B=F:F>U&&(U=F)):ct===null&&(et=!0):(B!=null&&L(Y,xt,_(B),_(U),_(it),_(F)),ct!=null?(F=ct,x(Y,St,_(F)),B=U=it=F):(B=U=null,ct===null&&(et=!0)),xt=St,Q=H(xt+T))}B!=null&&B!=U&&Xt!=xt&&L(Y,xt,_(B),_(U),_(it),_(F))}else for(let H=T==1?s:o;H>=s&&H<=o;H+=T){let B=f[H];B===null?et=!0:B!=null&&x(Y,w(d[H]),_(B))}let[C,Z]=Fr(e,i);if(a.fill!=null||C!=0){let H=j.fill=new Path2D(Y),B=a.fillTo(e,i,a.min,a.max,C),U=_(B),it=w(d[s]),F=w(d[o]);T==-1&&([F,it]=[it,F]),x(H,F,U),x(H,it,U)}if(!a.spanGaps){let H=[];et&&H.push(...Wr(d,f,s,o,T,w,t)),j.gaps=H=a.gaps(e,i,s,o,H),j.clip=vs(H,h.ori,A,E,N,O)}return Z!=0&&(j.band=Z==2?[je(e,i,s,o,Y,-1),je(e,i,s,o,Y,1)]:je(e,i,s,o,Y,Z)),j})}function mf(n){let t=ot(n.align,1),e=ot(n.ascDesc,!1),i=ot(n.alignGaps,0),s=ot(n.extend,!1);return(o,a,d,f)=>$n(o,a,(h,y,m,v,A,E,N,O,k,w,_)=>{[d,f]=hs(m,d,f);let x=h.pxRound,{left:L,width:T}=o.bbox,j=st=>x(E(st,v,w,O)),Y=st=>x(N(st,A,_,k)),et=v.ori==0?ai:ci,q={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:oi},C=q.stroke,Z=v.dir*(v.ori==0?1:-1),H=Y(m[Z==1?d:f]),B=j(y[Z==1?d:f]),U=B,it=B;s&&t==-1&&(it=L,et(C,it,H)),et(C,B,H);for(let st=Z==1?d:f;st>=d&&st<=f;st+=Z){let dt=m[st];if(dt==null)continue;let Q=j(y[st]),I=Y(dt);t==1?et(C,Q,H):et(C,U,I),et(C,Q,I),H=I,U=Q}let F=U;s&&t==1&&(F=L+T,et(C,F,H));let[Xt,xt]=Fr(o,a);if(h.fill!=null||Xt!=0){let st=q.fill=new Path2D(C),dt=h.fillTo(o,a,h.min,h.max,Xt),Q=Y(dt);et(st,F,Q),et(st,it,Q)}if(!h.spanGaps){let st=[];st.push(...Wr(y,m,d,f,Z,j,i));let dt=h.width*at/2,Q=e||t==1?dt:-dt,I=e||t==-1?-dt:dt;st.forEach(Rt=>{Rt[0]+=Q,Rt[1]+=I}),q.gaps=st=h.gaps(o,a,d,f,st),q.clip=vs(st,v.ori,O,k,w,_)}return xt!=0&&(q.band=xt==2?[je(o,a,d,f,C,-1),je(o,a,d,f,C,1)]:je(o,a,d,f,C,xt)),q})}function Ml(n,t,e,i,s,o,a=pt){if(n.length>1){let d=null;for(let f=0,h=1/0;f<n.length;f++)if(t[f]!==void 0){if(d!=null){let y=Nt(n[f]-n[d]);y<h&&(h=y,a=Nt(e(n[f],i,s,o)-e(n[d],i,s,o)))}d=f}}return a}function gf(n){n=n||Hi;let t=ot(n.size,[.6,pt,1]),e=n.align||0,i=n.gap||0,s=n.radius;s=s==null?[0,0]:typeof s=="number"?[s,0]:s;let o=nt(s),a=1-t[0],d=ot(t[1],pt),f=ot(t[2],1),h=ot(n.disp,Hi),y=ot(n.each,A=>{}),{fill:m,stroke:v}=h;return(A,E,N,O)=>$n(A,E,(k,w,_,x,L,T,j,Y,et,q,C)=>{let Z=k.pxRound,H=e,B=i*at,U=d*at,it=f*at,F,Xt;x.ori==0?[F,Xt]=o(A,E):[Xt,F]=o(A,E);let xt=x.dir*(x.ori==0?1:-1),st=x.ori==0?bs:Ur,dt=x.ori==0?y:(M,gt,Mt,On,an,Pe,cn)=>{y(M,gt,Mt,an,On,cn,Pe)},Q=ot(A.bands,Or).find(M=>M.series[0]==E),I=Q!=null?Q.dir:0,Rt=k.fillTo(A,E,k.min,k.max,I),jt=Z(j(Rt,L,C,et)),St,ct,_e,ne=q,$t=Z(k.width*at),Te=!1,ze=null,fe=null,qe=null,Ln=null;m!=null&&($t==0||v!=null)&&(Te=!0,ze=m.values(A,E,N,O),fe=new Map,new Set(ze).forEach(M=>{M!=null&&fe.set(M,new Path2D)}),$t>0&&(qe=v.values(A,E,N,O),Ln=new Map,new Set(qe).forEach(M=>{M!=null&&Ln.set(M,new Path2D)})));let{x0:Dn,size:gi}=h;if(Dn!=null&&gi!=null){H=1,w=Dn.values(A,E,N,O),Dn.unit==2&&(w=w.map(Mt=>A.posToVal(Y+Mt*q,x.key,!0)));let M=gi.values(A,E,N,O);gi.unit==2?ct=M[0]*q:ct=T(M[0],x,q,Y)-T(0,x,q,Y),ne=Ml(w,_,T,x,q,Y,ne),_e=ne-ct+B}else ne=Ml(w,_,T,x,q,Y,ne),_e=ne*a+B,ct=ne-_e;_e<1&&(_e=0),$t>=ct/2&&($t=0),_e<5&&(Z=Fl);let Ui=_e>0,on=ne-_e-(Ui?$t:0);ct=Z(Ar(on,it,U)),St=(H==0?ct/2:H==xt?0:ct)-H*xt*((H==0?B/2:0)+(Ui?$t/2:0));let Bt={stroke:null,fill:null,clip:null,band:null,gaps:null,flags:0},Nn=Te?null:new Path2D,Fe=null;if(Q!=null)Fe=A.data[Q.series[1]];else{let{y0:M,y1:gt}=h;M!=null&&gt!=null&&(_=gt.values(A,E,N,O),Fe=M.values(A,E,N,O))}let ln=F*ct,J=Xt*ct;for(let M=xt==1?N:O;M>=N&&M<=O;M+=xt){let gt=_[M];if(gt==null)continue;if(Fe!=null){let te=Fe[M]??0;if(gt-te==0)continue;jt=j(te,L,C,et)}let Mt=x.distr!=2||h!=null?w[M]:M,On=T(Mt,x,q,Y),an=j(ot(gt,Rt),L,C,et),Pe=Z(On-St),cn=Z(Zt(an,jt)),ie=Z(Ce(an,jt)),de=cn-ie;if(gt!=null){let te=gt<0?J:ln,xe=gt<0?ln:J;Te?($t>0&&qe[M]!=null&&st(Ln.get(qe[M]),Pe,ie+ae($t/2),ct,Zt(0,de-$t),te,xe),ze[M]!=null&&st(fe.get(ze[M]),Pe,ie+ae($t/2),ct,Zt(0,de-$t),te,xe)):st(Nn,Pe,ie+ae($t/2),ct,Zt(0,de-$t),te,xe),dt(A,E,M,Pe-$t/2,ie,ct+$t,de)}}return $t>0?Bt.stroke=Te?Ln:Nn:Te||(Bt._fill=k.width==0?k._fill:k._stroke??k._fill,Bt.width=0),Bt.fill=Te?fe:Nn,Bt})}function vf(n,t){let e=ot(t?.alignGaps,0);return(i,s,o,a)=>$n(i,s,(d,f,h,y,m,v,A,E,N,O,k)=>{[o,a]=hs(h,o,a);let w=d.pxRound,_=F=>w(v(F,y,O,E)),x=F=>w(A(F,m,k,N)),L,T,j;y.ori==0?(L=ys,j=ai,T=pa):(L=ws,j=ci,T=ma);let Y=y.dir*(y.ori==0?1:-1),et=_(f[Y==1?o:a]),q=et,C=[],Z=[];for(let F=Y==1?o:a;F>=o&&F<=a;F+=Y)if(h[F]!=null){let xt=f[F],st=_(xt);C.push(q=st),Z.push(x(h[F]))}let H={stroke:n(C,Z,L,j,T,w),fill:null,clip:null,band:null,gaps:null,flags:oi},B=H.stroke,[U,it]=Fr(i,s);if(d.fill!=null||U!=0){let F=H.fill=new Path2D(B),Xt=d.fillTo(i,s,d.min,d.max,U),xt=x(Xt);j(F,q,xt),j(F,et,xt)}if(!d.spanGaps){let F=[];F.push(...Wr(f,h,o,a,Y,_,e)),H.gaps=F=d.gaps(i,s,o,a,F),H.clip=vs(F,y.ori,E,N,O,k)}return it!=0&&(H.band=it==2?[je(i,s,o,a,B,-1),je(i,s,o,a,B,1)]:je(i,s,o,a,B,it)),H})}function yf(n){return vf(wf,n)}function wf(n,t,e,i,s,o){let a=n.length;if(a<2)return null;let d=new Path2D;if(e(d,n[0],t[0]),a==2)i(d,n[1],t[1]);else{let f=Array(a),h=Array(a-1),y=Array(a-1),m=Array(a-1);for(let v=0;v<a-1;v++)y[v]=t[v+1]-t[v],m[v]=n[v+1]-n[v],h[v]=y[v]/m[v];f[0]=h[0];for(let v=1;v<a-1;v++)h[v]===0||h[v-1]===0||h[v-1]>0!=h[v]>0?f[v]=0:(f[v]=3*(m[v-1]+m[v])/((2*m[v]+m[v-1])/h[v-1]+(m[v]+2*m[v-1])/h[v]),isFinite(f[v])||(f[v]=0));f[a-1]=h[a-2];for(let v=0;v<a-1;v++)s(d,n[v]+m[v]/3,t[v]+f[v]*m[v]/3,n[v+1]-m[v]/3,t[v+1]-f[v+1]*m[v]/3,n[v+1],t[v+1])}return d}var Cr=new Set;function Ll(){for(let n of Cr)n.syncRect(!0)}li&&(Sn(Qc,ni,Ll),Sn(Xc,ni,Ll,!0),Sn(us,ni,()=>{ft.pxRatio=at}));var bf=ya(),_f=ga();function Dl(n,t,e,i){return(i?[n[0],n[1]].concat(n.slice(2)):[n[0]].concat(n.slice(1))).map((o,a)=>Tr(o,a,t,e))}function xf(n,t){return n.map((e,i)=>i==0?{}:Pt({},t,e))}function Tr(n,t,e,i){return Pt({},t==0?e:i,n)}function wa(n,t,e){return t==null?si:[t,e]}var Sf=wa;function Af(n,t,e){return t==null?si:fs(t,e,Dr,!0)}function ba(n,t,e,i){return t==null?si:ps(t,e,n.scales[i].log,!1)}var $f=ba;function _a(n,t,e,i){return t==null?si:Lr(t,e,n.scales[i].log,!1)}var kf=_a;function Ef(n,t,e,i,s){let o=Zt(dl(n),dl(t)),a=t-n,d=Ee(s/i*a,e);do{let f=e[d],h=i*f/a;if(h>=s&&o+(f<5?nn.get(f):0)<=17)return[f,h]}while(++d<e.length);return[0,0]}function Nl(n){let t,e;return n=n.replace(/(\d+)px/,(i,s)=>(t=Dt((e=+s)*at))+"px"),[n,t,e]}function Cf(n){n.show&&[n.font,n.labelFont].forEach(t=>{let e=mt(t[2]*at,1);t[0]=t[0].replace(/[0-9.]+px/,e+"px"),t[1]=e})}function ft(n,t,e){let i={mode:ot(n.mode,1)},s=i.mode;function o(r,l,c,u){let p=l.valToPct(r);return u+c*(l.dir==-1?1-p:p)}function a(r,l,c,u){let p=l.valToPct(r);return u+c*(l.dir==-1?p:1-p)}function d(r,l,c,u){return l.ori==0?o(r,l,c,u):a(r,l,c,u)}i.valToPosH=o,i.valToPosV=a;let f=!1;i.status=0;let h=i.root=ye(Dc);if(n.id!=null&&(h.id=n.id),le(h,n.class),n.title){let r=ye(Hc,h);r.textContent=n.title}let y=ke("canvas"),m=i.ctx=y.getContext("2d"),v=ye(Ic,h);Sn("click",v,r=>{r.target===E&&(vt!=Gn||At!=qn)&&Ut.click(i,r)},!0);let A=i.under=ye(Vc,v);v.appendChild(y);let E=i.over=ye(zc,v);n=ri(n);let N=+ot(n.pxAlign,1),O=Rl(N);(n.plugins||[]).forEach(r=>{r.opts&&(n=r.opts(i,n)||n)});let k=n.ms||.001,w=i.series=s==1?Dl(n.series||[],Al,Tl,!1):xf(n.series||[null],Cl),_=i.axes=Dl(n.axes||[],Sl,kl,!0),x=i.scales={},L=i.bands=n.bands||[];L.forEach(r=>{r.fill=nt(r.fill||null),r.dir=ot(r.dir,-1)});let T=s==2?w[1].facets[0].scale:w[0].scale,j={axes:nc,series:Za},Y=(n.drawOrder||["axes","series"]).map(r=>j[r]);function et(r){let l=r.distr==3?c=>Ke(c>0?c:r.clamp(i,c,r.min,r.max,r.key)):r.distr==4?c=>gr(c,r.asinh):r.distr==100?c=>r.fwd(c):c=>c;return c=>{let u=l(c),{_min:p,_max:g}=r,b=g-p;return(u-p)/b}}function q(r){let l=x[r];if(l==null){let c=(n.scales||Hi)[r]||Hi;if(c.from!=null){q(c.from);let u=Pt({},x[c.from],c,{key:r});u.valToPct=et(u),x[r]=u}else{l=x[r]=Pt({},r==T?ca:uf,c),l.key=r;let u=l.time,p=l.range,g=en(p);if((r!=T||s==2&&!u)&&(g&&(p[0]==null||p[1]==null)&&(p={min:p[0]==null?cl:{mode:1,hard:p[0],soft:p[0]},max:p[1]==null?cl:{mode:1,hard:p[1],soft:p[1]}},g=!1),!g&&gs(p))){let b=p;p=(S,$,P)=>$==null?si:fs($,P,b)}l.range=nt(p||(u?Sf:r==T?l.distr==3?$f:l.distr==4?kf:wa:l.distr==3?ba:l.distr==4?_a:Af)),l.auto=nt(g?!1:l.auto),l.clamp=nt(l.clamp||cf),l._min=l._max=null,l.valToPct=et(l)}}}q("x"),q("y"),s==1&&w.forEach(r=>{q(r.scale)}),_.forEach(r=>{q(r.scale)});for(let r in n.scales)q(r);let C=x[T],Z=C.distr,H,B;C.ori==0?(le(h,Nc),H=o,B=a):(le(h,Oc),H=a,B=o);let U={};for(let r in x){let l=x[r];(l.min!=null||l.max!=null)&&(U[r]={min:l.min,max:l.max},l.min=l.max=null)}let it=n.tzDate||(r=>new Date(Dt(r/k))),F=n.fmtDate||Hr,Xt=k==1?Nu(it):Iu(it),xt=bl(it,wl(k==1?Du:Hu,F)),st=xl(it,_l(zu,F)),dt=[],Q=i.legend=Pt({},Uu,n.legend),I=i.cursor=Pt({},Yu,{drag:{y:s==2}},n.cursor),Rt=Q.show,jt=I.show,St=Q.markers;Q.idxs=dt,St.width=nt(St.width),St.dash=nt(St.dash),St.stroke=nt(St.stroke),St.fill=nt(St.fill);let ct,_e,ne,$t=[],Te=[],ze,fe=!1,qe={};if(Q.live){let r=w[1]?w[1].values:null;fe=r!=null,ze=fe?r(i,1,0):{_:0};for(let l in ze)qe[l]=Rr}if(Rt)if(ct=ke("table",Bc,h),ne=ke("tbody",null,ct),Q.mount(i,ct),fe){_e=ke("thead",null,ct,ne);let r=ke("tr",null,_e);ke("th",null,r);for(var Ln in ze)ke("th",Jo,r).textContent=Ln}else le(ct,qc),Q.live&&le(ct,Gc);let Dn={show:!0},gi={show:!1};function Ui(r,l){if(l==0&&(fe||!Q.live||s==2))return si;let c=[],u=ke("tr",Yc,ne,ne.childNodes[l]);le(u,r.class),r.show||le(u,xn);let p=ke("th",null,u);if(St.show){let S=ye(Jc,p);if(l>0){let $=St.width(i,l);$&&(S.style.border=$+"px "+St.dash(i,l)+" "+St.stroke(i,l)),S.style.background=St.fill(i,l)}}let g=ye(Jo,p);r.label instanceof HTMLElement?g.appendChild(r.label):g.textContent=r.label,l>0&&(St.show||(g.style.color=r.width>0?St.stroke(i,l):St.fill(i,l)),Bt("click",p,S=>{if(I._lock)return;fn(S);let $=w.indexOf(r);if((S.ctrlKey||S.metaKey)!=Q.isolate){let P=w.some((R,D)=>D>0&&D!=$&&R.show);w.forEach((R,D)=>{D>0&&Me(D,P?D==$?Dn:gi:Dn,!0,Tt.setSeries)})}else Me($,{show:!r.show},!0,Tt.setSeries)},!1),In&&Bt(tl,p,S=>{I._lock||(fn(S),Me(w.indexOf(r),Jn,!0,Tt.setSeries))},!1));for(var b in ze){let S=ke("td",Zc,u);S.textContent="--",c.push(S)}return[u,c]}let on=new Map;function Bt(r,l,c,u=!0){let p=on.get(l)||{},g=I.bind[r](i,l,c,u);g&&(Sn(r,l,p[r]=g),on.set(l,p))}function Nn(r,l,c){let u=on.get(l)||{};for(let p in u)(r==null||p==r)&&(Sr(p,l,u[p]),delete u[p]);r==null&&on.delete(l)}let Fe=0,ln=0,J=0,M=0,gt=0,Mt=0,On=gt,an=Mt,Pe=J,cn=M,ie=0,de=0,te=0,xe=0;i.bbox={};let Ms=!1,Ki=!1,Hn=!1,un=!1,ji=!1,he=!1;function Ls(r,l,c){(c||r!=i.width||l!=i.height)&&no(r,l),Un(!1),Hn=!0,Ki=!0,Kn()}function no(r,l){i.width=Fe=J=r,i.height=ln=M=l,gt=Mt=0,Ka(),ja();let c=i.bbox;ie=c.left=bn(gt*at,.5),de=c.top=bn(Mt*at,.5),te=c.width=bn(J*at,.5),xe=c.height=bn(M*at,.5)}let Fa=3;function Wa(){let r=!1,l=0;for(;!r;){l++;let c=tc(l),u=ec(l);r=l==Fa||c&&u,r||(no(i.width,i.height),Ki=!0)}}function Ua({width:r,height:l}){Ls(r,l)}i.setSize=Ua;function Ka(){let r=!1,l=!1,c=!1,u=!1;_.forEach((p,g)=>{if(p.show&&p._show){let{side:b,_size:S}=p,$=b%2,P=p.label!=null?p.labelSize:0,R=S+P;R>0&&($?(J-=R,b==3?(gt+=R,u=!0):c=!0):(M-=R,b==0?(Mt+=R,r=!0):l=!0))}}),dn[0]=r,dn[1]=c,dn[2]=l,dn[3]=u,J-=Ye[1]+Ye[3],gt+=Ye[3],M-=Ye[2]+Ye[0],Mt+=Ye[0]}function ja(){let r=gt+J,l=Mt+M,c=gt,u=Mt;function p(g,b){switch(g){case 1:return r+=b,r-b;case 2:return l+=b,l-b;case 3:return c-=b,c+b;case 0:return u-=b,u+b}}_.forEach((g,b)=>{if(g.show&&g._show){let S=g.side;g._pos=p(S,g._size),g.label!=null&&(g._lpos=p(S,g.labelSize))}})}if(I.dataIdx==null){let r=I.hover,l=r.skip=new Set(r.skip??[]);l.add(void 0);let c=r.prox=nt(r.prox),u=r.bias??=0;I.dataIdx=(p,g,b,S)=>{if(g==0)return b;let $=b,P=c(p,g,b,S)??pt,R=P>=0&&P<pt,D=C.ori==0?J:M,G=I.left,lt=t[0],rt=t[g];if(l.has(rt[b])){$=null;let tt=null,K=null,V;if(u==0||u==-1)for(V=b;tt==null&&V-- >0;)l.has(rt[V])||(tt=V);if(u==0||u==1)for(V=b;K==null&&V++<rt.length;)l.has(rt[V])||(K=V);if(tt!=null||K!=null)if(R){let wt=tt==null?-1/0:H(lt[tt],C,D,0),kt=K==null?1/0:H(lt[K],C,D,0),Ft=G-wt,ht=kt-G;Ft<=ht?Ft<=P&&($=tt):ht<=P&&($=K)}else $=K==null?tt:tt==null?K:b-tt<=K-b?tt:K}else R&&Nt(G-H(lt[b],C,D,0))>P&&($=null);return $}}let fn=r=>{I.event=r};I.idxs=dt,I._lock=!1;let Kt=I.points;Kt.show=nt(Kt.show),Kt.size=nt(Kt.size),Kt.stroke=nt(Kt.stroke),Kt.width=nt(Kt.width),Kt.fill=nt(Kt.fill);let Re=i.focus=Pt({},n.focus||{alpha:.3},I.focus),In=Re.prox>=0,Vn=In&&Kt.one,pe=[],zn=[],Fn=[];function io(r,l){let c=Kt.show(i,l);if(c instanceof HTMLElement)return le(c,jc),le(c,r.class),Oe(c,-10,-10,J,M),E.insertBefore(c,pe[l]),c}function so(r,l){if(s==1||l>0){let c=s==1&&x[r.scale].time,u=r.value;r.value=c?ml(u)?xl(it,_l(u,F)):u||st:u||of,r.label=r.label||(c?Zu:Ju)}if(Vn||l>0){r.width=r.width==null?1:r.width,r.paths=r.paths||bf||cu,r.fillTo=nt(r.fillTo||ff),r.pxAlign=+ot(r.pxAlign,N),r.pxRound=Rl(r.pxAlign),r.stroke=nt(r.stroke||null),r.fill=nt(r.fill||null),r._stroke=r._fill=r._paths=r._focus=null;let c=lf(Zt(1,r.width),1),u=r.points=Pt({},{size:c,width:Zt(1,c*.2),stroke:r.stroke,space:c*2,paths:_f,_stroke:null,_fill:null},r.points);u.show=nt(u.show),u.filter=nt(u.filter),u.fill=nt(u.fill),u.stroke=nt(u.stroke),u.paths=nt(u.paths),u.pxAlign=r.pxAlign}if(Rt){let c=Ui(r,l);$t.splice(l,0,c[0]),Te.splice(l,0,c[1]),Q.values.push(null)}if(jt){dt.splice(l,0,null);let c=null;Vn?l==0&&(c=io(r,l)):l>0&&(c=io(r,l)),pe.splice(l,0,c),zn.splice(l,0,0),Fn.splice(l,0,0)}zt("addSeries",l)}function Ba(r,l){l=l??w.length,r=s==1?Tr(r,l,Al,Tl):Tr(r,l,{},Cl),w.splice(l,0,r),so(w[l],l)}i.addSeries=Ba;function Ga(r){if(w.splice(r,1),Rt){Q.values.splice(r,1),Te.splice(r,1);let l=$t.splice(r,1)[0];Nn(null,l.firstChild),l.remove()}jt&&(dt.splice(r,1),pe.splice(r,1)[0].remove(),zn.splice(r,1),Fn.splice(r,1)),zt("delSeries",r)}i.delSeries=Ga;let dn=[!1,!1,!1,!1];function qa(r,l){if(r._show=r.show,r.show){let c=r.side%2,u=x[r.scale];u==null&&(r.scale=c?w[1].scale:T,u=x[r.scale]);let p=u.time;r.size=nt(r.size),r.space=nt(r.space),r.rotate=nt(r.rotate),en(r.incrs)&&r.incrs.forEach(b=>{!nn.has(b)&&nn.set(b,Kl(b))}),r.incrs=nt(r.incrs||(u.distr==2?Ru:p?k==1?Lu:Ou:_n)),r.splits=nt(r.splits||(p&&u.distr==1?Xt:u.distr==3?$r:u.distr==4?tf:Xu)),r.stroke=nt(r.stroke),r.grid.stroke=nt(r.grid.stroke),r.ticks.stroke=nt(r.ticks.stroke),r.border.stroke=nt(r.border.stroke);let g=r.values;r.values=en(g)&&!en(g[0])?nt(g):p?en(g)?bl(it,wl(g,F)):ml(g)?Vu(it,g):g||xt:g||Qu,r.filter=nt(r.filter||(u.distr>=3&&u.log==10?sf:u.distr==3&&u.log==2?rf:Wl)),r.font=Nl(r.font),r.labelFont=Nl(r.labelFont),r._size=r.size(i,null,l,0),r._space=r._rotate=r._incrs=r._found=r._splits=r._values=null,r._size>0&&(dn[l]=!0,r._el=ye(Fc,v))}}function vi(r,l,c,u){let[p,g,b,S]=c,$=l%2,P=0;return $==0&&(S||g)&&(P=l==0&&!p||l==2&&!b?Dt(Sl.size/3):0),$==1&&(p||b)&&(P=l==1&&!g||l==3&&!S?Dt(kl.size/2):0),P}let ro=i.padding=(n.padding||[vi,vi,vi,vi]).map(r=>nt(ot(r,vi))),Ye=i._padding=ro.map((r,l)=>r(i,l,dn,0)),Wt,Ot=null,Ht=null,Bi=s==1?w[0].idxs:null,Se=null,yi=!1;function oo(r,l){if(t=r??[],i.data=i._data=t,s==2){Wt=0;for(let c=1;c<w.length;c++)Wt+=t[c][0].length}else{t.length==0&&(i.data=i._data=t=[[]]),Se=t[0],Wt=Se.length;let c=t;if(Z==2){c=t.slice();let u=c[0]=Array(Wt);for(let p=0;p<Wt;p++)u[p]=p}i._data=t=c}if(Un(!0),zt("setData"),Z==2&&(Hn=!0),l!==!1){let c=C;c.auto(i,yi)?Ds():Ze(T,c.min,c.max),un=un||I.left>=0,he=!0,Kn()}}i.setData=oo;function Ds(){yi=!0;let r,l;s==1&&(Wt>0?(Ot=Bi[0]=0,Ht=Bi[1]=Wt-1,r=t[0][Ot],l=t[0][Ht],Z==2?(r=Ot,l=Ht):r==l&&(Z==3?[r,l]=ps(r,r,C.log,!1):Z==4?[r,l]=Lr(r,r,C.log,!1):C.time?l=r+Dt(86400/k):[r,l]=fs(r,l,Dr,!0))):(Ot=Bi[0]=r=null,Ht=Bi[1]=l=null)),Ze(T,r,l)}let Gi,Wn,Ns,Os,Hs,Is,Vs,zs,Fs,ee;function lo(r,l,c,u,p,g){r??=Qo,c??=Or,u??="butt",p??=Qo,g??="round",r!=Gi&&(m.strokeStyle=Gi=r),p!=Wn&&(m.fillStyle=Wn=p),l!=Ns&&(m.lineWidth=Ns=l),g!=Hs&&(m.lineJoin=Hs=g),u!=Is&&(m.lineCap=Is=u),c!=Os&&m.setLineDash(Os=c)}function ao(r,l,c,u){l!=Wn&&(m.fillStyle=Wn=l),r!=Vs&&(m.font=Vs=r),c!=zs&&(m.textAlign=zs=c),u!=Fs&&(m.textBaseline=Fs=u)}function Ws(r,l,c,u,p=0){if(u.length>0&&r.auto(i,yi)&&(l==null||l.min==null)){let g=ot(Ot,0),b=ot(Ht,u.length-1),S=c.min==null?iu(u,g,b,p,r.distr==3):[c.min,c.max];r.min=Ce(r.min,c.min=S[0]),r.max=Zt(r.max,c.max=S[1])}}let co={min:null,max:null};function Ya(){for(let u in x){let p=x[u];U[u]==null&&(p.min==null||U[T]!=null&&p.auto(i,yi))&&(U[u]=co)}for(let u in x){let p=x[u];U[u]==null&&p.from!=null&&U[p.from]!=null&&(U[u]=co)}U[T]!=null&&Un(!0);let r={};for(let u in U){let p=U[u];if(p!=null){let g=r[u]=ri(x[u],du);if(p.min!=null)Pt(g,p);else if(u!=T||s==2)if(Wt==0&&g.from==null){let b=g.range(i,null,null,u);g.min=b[0],g.max=b[1]}else g.min=pt,g.max=-pt}}if(Wt>0){w.forEach((u,p)=>{if(s==1){let g=u.scale,b=U[g];if(b==null)return;let S=r[g];if(p==0){let $=S.range(i,S.min,S.max,g);S.min=$[0],S.max=$[1],Ot=Ee(S.min,t[0]),Ht=Ee(S.max,t[0]),Ht-Ot>1&&(t[0][Ot]<S.min&&Ot++,t[0][Ht]>S.max&&Ht--),u.min=Se[Ot],u.max=Se[Ht]}else u.show&&u.auto&&Ws(S,b,u,t[p],u.sorted);u.idxs[0]=Ot,u.idxs[1]=Ht}else if(p>0&&u.show&&u.auto){let[g,b]=u.facets,S=g.scale,$=b.scale,[P,R]=t[p],D=r[S],G=r[$];D!=null&&Ws(D,U[S],g,P,g.sorted),G!=null&&Ws(G,U[$],b,R,b.sorted),u.min=b.min,u.max=b.max}});for(let u in r){let p=r[u],g=U[u];if(p.from==null&&(g==null||g.min==null)){let b=p.range(i,p.min==pt?null:p.min,p.max==-pt?null:p.max,u);p.min=b[0],p.max=b[1]}}}for(let u in r){let p=r[u];if(p.from!=null){let g=r[p.from];if(g.min==null)p.min=p.max=null;else{let b=p.range(i,g.min,g.max,u);p.min=b[0],p.max=b[1]}}}let l={},c=!1;for(let u in r){let p=r[u],g=x[u];if(g.min!=p.min||g.max!=p.max){g.min=p.min,g.max=p.max;let b=g.distr;g._min=b==3?Ke(g.min):b==4?gr(g.min,g.asinh):b==100?g.fwd(g.min):g.min,g._max=b==3?Ke(g.max):b==4?gr(g.max,g.asinh):b==100?g.fwd(g.max):g.max,l[u]=c=!0}}if(c){w.forEach((u,p)=>{s==2?p>0&&l.y&&(u._paths=null):l[u.scale]&&(u._paths=null)});for(let u in l)Hn=!0,zt("setScale",u);jt&&I.left>=0&&(un=he=!0)}for(let u in U)U[u]=null}function Ja(r){let l=Ar(Ot-1,0,Wt-1),c=Ar(Ht+1,0,Wt-1);for(;r[l]==null&&l>0;)l--;for(;r[c]==null&&c<Wt-1;)c++;return[l,c]}function Za(){if(Wt>0){let r=w.some(l=>l._focus)&&ee!=Re.alpha;r&&(m.globalAlpha=ee=Re.alpha),w.forEach((l,c)=>{if(c>0&&l.show&&(uo(c,!1),uo(c,!0),l._paths==null)){let u=ee;ee!=l.alpha&&(m.globalAlpha=ee=l.alpha);let p=s==2?[0,t[c][0].length-1]:Ja(t[c]);l._paths=l.paths(i,c,p[0],p[1]),ee!=u&&(m.globalAlpha=ee=u)}}),w.forEach((l,c)=>{if(c>0&&l.show){let u=ee;ee!=l.alpha&&(m.globalAlpha=ee=l.alpha),l._paths!=null&&fo(c,!1);{let p=l._paths!=null?l._paths.gaps:null,g=l.points.show(i,c,Ot,Ht,p),b=l.points.filter(i,c,g,p);(g||b)&&(l.points._paths=l.points.paths(i,c,Ot,Ht,b),fo(c,!0))}ee!=u&&(m.globalAlpha=ee=u),zt("drawSeries",c)}}),r&&(m.globalAlpha=ee=1)}}function uo(r,l){let c=l?w[r].points:w[r];c._stroke=c.stroke(i,r),c._fill=c.fill(i,r)}function fo(r,l){let c=l?w[r].points:w[r],{stroke:u,fill:p,clip:g,flags:b,_stroke:S=c._stroke,_fill:$=c._fill,_width:P=c.width}=c._paths;P=mt(P*at,3);let R=null,D=P%2/2;l&&$==null&&($=P>0?"#fff":S);let G=c.pxAlign==1&&D>0;if(G&&m.translate(D,D),!l){let lt=ie-P/2,rt=de-P/2,tt=te+P,K=xe+P;R=new Path2D,R.rect(lt,rt,tt,K)}l?Us(S,P,c.dash,c.cap,$,u,p,b,g):Qa(r,S,P,c.dash,c.cap,$,u,p,b,R,g),G&&m.translate(-D,-D)}function Qa(r,l,c,u,p,g,b,S,$,P,R){let D=!1;$!=0&&L.forEach((G,lt)=>{if(G.series[0]==r){let rt=w[G.series[1]],tt=t[G.series[1]],K=(rt._paths||Hi).band;en(K)&&(K=G.dir==1?K[0]:K[1]);let V,wt=null;rt.show&&K&&ru(tt,Ot,Ht)?(wt=G.fill(i,lt)||g,V=rt._paths.clip):K=null,Us(l,c,u,p,wt,b,S,$,P,R,V,K),D=!0}}),D||Us(l,c,u,p,g,b,S,$,P,R)}let ho=oi|Er;function Us(r,l,c,u,p,g,b,S,$,P,R,D){lo(r,l,c,u,p),($||P||D)&&(m.save(),$&&m.clip($),P&&m.clip(P)),D?(S&ho)==ho?(m.clip(D),R&&m.clip(R),Yi(p,b),qi(r,g,l)):S&Er?(Yi(p,b),m.clip(D),qi(r,g,l)):S&oi&&(m.save(),m.clip(D),R&&m.clip(R),Yi(p,b),m.restore(),qi(r,g,l)):(Yi(p,b),qi(r,g,l)),($||P||D)&&m.restore()}function qi(r,l,c){c>0&&(l instanceof Map?l.forEach((u,p)=>{m.strokeStyle=Gi=p,m.stroke(u)}):l!=null&&r&&m.stroke(l))}function Yi(r,l){l instanceof Map?l.forEach((c,u)=>{m.fillStyle=Wn=u,m.fill(c)}):l!=null&&r&&m.fill(l)}function Xa(r,l,c,u){let p=_[r],g;if(u<=0)g=[0,0];else{let b=p._space=p.space(i,r,l,c,u),S=p._incrs=p.incrs(i,r,l,c,u,b);g=Ef(l,c,S,u,b)}return p._found=g}function Ks(r,l,c,u,p,g,b,S,$,P){let R=b%2/2;N==1&&m.translate(R,R),lo(S,b,$,P,S),m.beginPath();let D,G,lt,rt,tt=p+(u==0||u==3?-g:g);c==0?(G=p,rt=tt):(D=p,lt=tt);for(let K=0;K<r.length;K++)l[K]!=null&&(c==0?D=lt=r[K]:G=rt=r[K],m.moveTo(D,G),m.lineTo(lt,rt));m.stroke(),N==1&&m.translate(-R,-R)}function tc(r){let l=!0;return _.forEach((c,u)=>{if(!c.show)return;let p=x[c.scale];if(p.min==null){c._show&&(l=!1,c._show=!1,Un(!1));return}else c._show||(l=!1,c._show=!0,Un(!1));let g=c.side,b=g%2,{min:S,max:$}=p,[P,R]=Xa(u,S,$,b==0?J:M);if(R==0)return;let D=p.distr==2,G=c._splits=c.splits(i,u,S,$,P,R,D),lt=p.distr==2?G.map(V=>Se[V]):G,rt=p.distr==2?Se[G[1]]-Se[G[0]]:P,tt=c._values=c.values(i,c.filter(i,lt,u,R,rt),u,R,rt);c._rotate=g==2?c.rotate(i,tt,u,R):0;let K=c._size;c._size=we(c.size(i,tt,u,r)),K!=null&&c._size!=K&&(l=!1)}),l}function ec(r){let l=!0;return ro.forEach((c,u)=>{let p=c(i,u,dn,r);p!=Ye[u]&&(l=!1),Ye[u]=p}),l}function nc(){for(let r=0;r<_.length;r++){let l=_[r];if(!l.show||!l._show)continue;let c=l.side,u=c%2,p,g,b=l.stroke(i,r),S=c==0||c==3?-1:1,[$,P]=l._found;if(l.label!=null){let qt=l.labelGap*S,oe=Dt((l._lpos+qt)*at);ao(l.labelFont[0],b,"center",c==2?"top":Zo),m.save(),u==1?(p=g=0,m.translate(oe,Dt(de+xe/2)),m.rotate((c==3?-cs:cs)/2)):(p=Dt(ie+te/2),g=oe);let mn=zl(l.label)?l.label(i,r,$,P):l.label;m.fillText(mn,p,g),m.restore()}if(P==0)continue;let R=x[l.scale],D=u==0?te:xe,G=u==0?ie:de,lt=l._splits,rt=R.distr==2?lt.map(qt=>Se[qt]):lt,tt=R.distr==2?Se[lt[1]]-Se[lt[0]]:$,K=l.ticks,V=l.border,wt=K.show?K.size:0,kt=Dt(wt*at),Ft=Dt((l.alignTo==2?l._size-wt-l.gap:l.gap)*at),ht=l._rotate*-cs/180,Et=O(l._pos*at),se=(kt+Ft)*S,Gt=Et+se;g=u==0?Gt:0,p=u==1?Gt:0;let me=l.font[0],Ae=l.align==1?ti:l.align==2?hr:ht>0?ti:ht<0?hr:u==0?"center":c==3?hr:ti,De=ht||u==1?"middle":c==2?"top":Zo;ao(me,b,Ae,De);let re=l.font[1]*l.lineGap,ge=lt.map(qt=>O(d(qt,R,D,G))),$e=l._values;for(let qt=0;qt<$e.length;qt++){let oe=$e[qt];if(oe!=null){u==0?p=ge[qt]:g=ge[qt],oe=""+oe;let mn=oe.indexOf(`
`)==-1?[oe]:oe.split(/\n/gm);for(let Yt=0;Yt<mn.length;Yt++){let Mo=mn[Yt];ht?(m.save(),m.translate(p,g+Yt*re),m.rotate(ht),m.fillText(Mo,0,0),m.restore()):m.fillText(Mo,p,g+Yt*re)}}}K.show&&Ks(ge,K.filter(i,rt,r,P,tt),u,c,Et,kt,mt(K.width*at,3),K.stroke(i,r),K.dash,K.cap);let Ne=l.grid;Ne.show&&Ks(ge,Ne.filter(i,rt,r,P,tt),u,u==0?2:1,u==0?de:ie,u==0?xe:te,mt(Ne.width*at,3),Ne.stroke(i,r),Ne.dash,Ne.cap),V.show&&Ks([Et],[1],u==0?1:0,u==0?1:2,u==1?de:ie,u==1?xe:te,mt(V.width*at,3),V.stroke(i,r),V.dash,V.cap)}zt("drawAxes")}function Un(r){w.forEach((l,c)=>{c>0&&(l._paths=null,r&&(s==1?(l.min=null,l.max=null):l.facets.forEach(u=>{u.min=null,u.max=null})))})}let Ji=!1,js=!1,wi=[];function ic(){js=!1;for(let r=0;r<wi.length;r++)zt(...wi[r]);wi.length=0}function Kn(){Ji||(wu(po),Ji=!0)}function sc(r,l=!1){Ji=!0,js=l,r(i),po(),l&&wi.length>0&&queueMicrotask(ic)}i.batch=sc;function po(){if(Ms&&(Ya(),Ms=!1),Hn&&(Wa(),Hn=!1),Ki){if(_t(A,ti,gt),_t(A,"top",Mt),_t(A,Li,J),_t(A,Di,M),_t(E,ti,gt),_t(E,"top",Mt),_t(E,Li,J),_t(E,Di,M),_t(v,Li,Fe),_t(v,Di,ln),y.width=Dt(Fe*at),y.height=Dt(ln*at),_.forEach(({_el:r,_show:l,_size:c,_pos:u,side:p})=>{if(r!=null)if(l){let g=p===3||p===0?c:0,b=p%2==1;_t(r,b?"left":"top",u-g),_t(r,b?"width":"height",c),_t(r,b?"top":"left",b?Mt:gt),_t(r,b?"height":"width",b?M:J),xr(r,xn)}else le(r,xn)}),Gi=Wn=Ns=Hs=Is=Vs=zs=Fs=Os=null,ee=1,xi(!0),gt!=On||Mt!=an||J!=Pe||M!=cn){Un(!1);let r=J/Pe,l=M/cn;if(jt&&!un&&I.left>=0){I.left*=r,I.top*=l,jn&&Oe(jn,Dt(I.left),0,J,M),Bn&&Oe(Bn,0,Dt(I.top),J,M);for(let c=0;c<pe.length;c++){let u=pe[c];u!=null&&(zn[c]*=r,Fn[c]*=l,Oe(u,we(zn[c]),we(Fn[c]),J,M))}}if(yt.show&&!ji&&yt.left>=0&&yt.width>0){yt.left*=r,yt.width*=r,yt.top*=l,yt.height*=l;for(let c in Zs)_t(Yn,c,yt[c])}On=gt,an=Mt,Pe=J,cn=M}zt("setSize"),Ki=!1}Fe>0&&ln>0&&(m.clearRect(0,0,y.width,y.height),zt("drawClear"),Y.forEach(r=>r()),zt("draw")),yt.show&&ji&&(Zi(yt),ji=!1),jt&&un&&(pn(null,!0,!1),un=!1),Q.show&&Q.live&&he&&(Ys(),he=!1),f||(f=!0,i.status=1,zt("ready")),yi=!1,Ji=!1}i.redraw=(r,l)=>{Hn=l||!1,r!==!1?Ze(T,C.min,C.max):Kn()};function Bs(r,l){let c=x[r];if(c.from==null){if(Wt==0){let u=c.range(i,l.min,l.max,r);l.min=u[0],l.max=u[1]}if(l.min>l.max){let u=l.min;l.min=l.max,l.max=u}if(Wt>1&&l.min!=null&&l.max!=null&&l.max-l.min<1e-16)return;r==T&&c.distr==2&&Wt>0&&(l.min=Ee(l.min,t[0]),l.max=Ee(l.max,t[0]),l.min==l.max&&l.max++),U[r]=l,Ms=!0,Kn()}}i.setScale=Bs;let Gs,qs,jn,Bn,mo,go,Gn,qn,vo,yo,vt,At,Je=!1,Ut=I.drag,It=Ut.x,Vt=Ut.y;jt&&(I.x&&(Gs=ye(Uc,E)),I.y&&(qs=ye(Kc,E)),C.ori==0?(jn=Gs,Bn=qs):(jn=qs,Bn=Gs),vt=I.left,At=I.top);let yt=i.select=Pt({show:!0,over:!0,left:0,width:0,top:0,height:0},n.select),Yn=yt.show?ye(Wc,yt.over?E:A):null;function Zi(r,l){if(yt.show){for(let c in r)yt[c]=r[c],c in Zs&&_t(Yn,c,r[c]);l!==!1&&zt("setSelect")}}i.setSelect=Zi;function rc(r){if(w[r].show)Rt&&xr($t[r],xn);else if(Rt&&le($t[r],xn),jt){let c=Vn?pe[0]:pe[r];c!=null&&Oe(c,-10,-10,J,M)}}function Ze(r,l,c){Bs(r,{min:l,max:c})}function Me(r,l,c,u){l.focus!=null&&uc(r),l.show!=null&&w.forEach((p,g)=>{g>0&&(r==g||r==null)&&(p.show=l.show,rc(g),s==2?(Ze(p.facets[0].scale,null,null),Ze(p.facets[1].scale,null,null)):Ze(p.scale,null,null),Kn())}),c!==!1&&zt("setSeries",r,l),u&&Si("setSeries",i,r,l)}i.setSeries=Me;function oc(r,l){Pt(L[r],l)}function lc(r,l){r.fill=nt(r.fill||null),r.dir=ot(r.dir,-1),l=l??L.length,L.splice(l,0,r)}function ac(r){r==null?L.length=0:L.splice(r,1)}i.addBand=lc,i.setBand=oc,i.delBand=ac;function cc(r,l){w[r].alpha=l,jt&&pe[r]!=null&&(pe[r].style.opacity=l),Rt&&$t[r]&&($t[r].style.opacity=l)}let We,Qe,hn,Jn={focus:!0};function uc(r){if(r!=hn){let l=r==null,c=Re.alpha!=1;w.forEach((u,p)=>{if(s==1||p>0){let g=l||p==0||p==r;u._focus=l?null:g,c&&cc(p,g?1:Re.alpha)}}),hn=r,c&&Kn()}}Rt&&In&&Bt(el,ct,r=>{I._lock||(fn(r),hn!=null&&Me(null,Jn,!0,Tt.setSeries))});function Le(r,l,c){let u=x[l];c&&(r=r/at-(u.ori==1?Mt:gt));let p=J;u.ori==1&&(p=M,r=p-r),u.dir==-1&&(r=p-r);let g=u._min,b=u._max,S=r/p,$=g+(b-g)*S,P=u.distr;return P==3?ii(10,$):P==4?lu($,u.asinh):P==100?u.bwd($):$}function fc(r,l){let c=Le(r,T,l);return Ee(c,t[0],Ot,Ht)}i.valToIdx=r=>Ee(r,t[0]),i.posToIdx=fc,i.posToVal=Le,i.valToPos=(r,l,c)=>x[l].ori==0?o(r,x[l],c?te:J,c?ie:0):a(r,x[l],c?xe:M,c?de:0),i.setCursor=(r,l,c)=>{vt=r.left,At=r.top,pn(null,l,c)};function wo(r,l){_t(Yn,ti,yt.left=r),_t(Yn,Li,yt.width=l)}function bo(r,l){_t(Yn,"top",yt.top=r),_t(Yn,Di,yt.height=l)}let bi=C.ori==0?wo:bo,_i=C.ori==1?wo:bo;function dc(){if(Rt&&Q.live)for(let r=s==2?1:0;r<w.length;r++){if(r==0&&fe)continue;let l=Q.values[r],c=0;for(let u in l)Te[r][c++].firstChild.nodeValue=l[u]}}function Ys(r,l){if(r!=null&&(r.idxs?r.idxs.forEach((c,u)=>{dt[u]=c}):fu(r.idx)||dt.fill(r.idx),Q.idx=dt[0]),Rt&&Q.live){for(let c=0;c<w.length;c++)(c>0||s==1&&!fe)&&hc(c,dt[c]);dc()}he=!1,l!==!1&&zt("setLegend")}i.setLegend=Ys;function hc(r,l){let c=w[r],u=r==0&&Z==2?Se:t[r],p;fe?p=c.values(i,r,l)??qe:(p=c.value(i,l==null?null:u[l],r,l),p=p==null?qe:{_:p}),Q.values[r]=p}function pn(r,l,c){vo=vt,yo=At,[vt,At]=I.move(i,vt,At),I.left=vt,I.top=At,jt&&(jn&&Oe(jn,Dt(vt),0,J,M),Bn&&Oe(Bn,0,Dt(At),J,M));let u,p=Ot>Ht;We=pt,Qe=null;let g=C.ori==0?J:M,b=C.ori==1?J:M;if(vt<0||Wt==0||p){u=I.idx=null;for(let S=0;S<w.length;S++){let $=pe[S];$!=null&&Oe($,-10,-10,J,M)}In&&Me(null,Jn,!0,r==null&&Tt.setSeries),Q.live&&(dt.fill(u),he=!0)}else{let S,$,P;s==1&&(S=C.ori==0?vt:At,$=Le(S,T),u=I.idx=Ee($,t[0],Ot,Ht),P=H(t[0][u],C,g,0));let R=-10,D=-10,G=0,lt=0,rt=!0,tt="",K="";for(let V=s==2?1:0;V<w.length;V++){let wt=w[V],kt=dt[V],Ft=kt==null?null:s==1?t[V][kt]:t[V][1][kt],ht=I.dataIdx(i,V,u,$),Et=ht==null?null:s==1?t[V][ht]:t[V][1][ht];if(he=he||Et!=Ft||ht!=kt,dt[V]=ht,V>0&&wt.show){let se=ht==null?-10:ht==u?P:H(s==1?t[0][ht]:t[V][0][ht],C,g,0),Gt=Et==null?-10:B(Et,s==1?x[wt.scale]:x[wt.facets[1].scale],b,0);if(In&&Et!=null){let me=C.ori==1?vt:At,Ae=Nt(Re.dist(i,V,ht,Gt,me));if(Ae<We){let De=Re.bias;if(De!=0){let re=Le(me,wt.scale),ge=Et>=0?1:-1,$e=re>=0?1:-1;$e==ge&&($e==1?De==1?Et>=re:Et<=re:De==1?Et<=re:Et>=re)&&(We=Ae,Qe=V)}else We=Ae,Qe=V}}if(he||Vn){let me,Ae;C.ori==0?(me=se,Ae=Gt):(me=Gt,Ae=se);let De,re,ge,$e,Ne,qt,oe=!0,mn=Kt.bbox;if(mn!=null){oe=!1;let Yt=mn(i,V);ge=Yt.left,$e=Yt.top,De=Yt.width,re=Yt.height}else ge=me,$e=Ae,De=re=Kt.size(i,V);if(qt=Kt.fill(i,V),Ne=Kt.stroke(i,V),Vn)V==Qe&&We<=Re.prox&&(R=ge,D=$e,G=De,lt=re,rt=oe,tt=qt,K=Ne);else{let Yt=pe[V];Yt!=null&&(zn[V]=ge,Fn[V]=$e,al(Yt,De,re,oe),ol(Yt,qt,Ne),Oe(Yt,we(ge),we($e),J,M))}}}}if(Vn){let V=Re.prox,wt=hn==null?We<=V:We>V||Qe!=hn;if(he||wt){let kt=pe[0];kt!=null&&(zn[0]=R,Fn[0]=D,al(kt,G,lt,rt),ol(kt,tt,K),Oe(kt,we(R),we(D),J,M))}}}if(yt.show&&Je)if(r!=null){let[S,$]=Tt.scales,[P,R]=Tt.match,[D,G]=r.cursor.sync.scales,lt=r.cursor.drag;if(It=lt._x,Vt=lt._y,It||Vt){let{left:rt,top:tt,width:K,height:V}=r.select,wt=r.scales[D].ori,kt=r.posToVal,Ft,ht,Et,se,Gt,me=S!=null&&P(S,D),Ae=$!=null&&R($,G);me&&It?(wt==0?(Ft=rt,ht=K):(Ft=tt,ht=V),Et=x[S],se=H(kt(Ft,D),Et,g,0),Gt=H(kt(Ft+ht,D),Et,g,0),bi(Ce(se,Gt),Nt(Gt-se))):bi(0,g),Ae&&Vt?(wt==1?(Ft=rt,ht=K):(Ft=tt,ht=V),Et=x[$],se=B(kt(Ft,G),Et,b,0),Gt=B(kt(Ft+ht,G),Et,b,0),_i(Ce(se,Gt),Nt(Gt-se))):_i(0,b)}else Qs()}else{let S=Nt(vo-mo),$=Nt(yo-go);if(C.ori==1){let G=S;S=$,$=G}It=Ut.x&&S>=Ut.dist,Vt=Ut.y&&$>=Ut.dist;let P=Ut.uni;P!=null?It&&Vt&&(It=S>=P,Vt=$>=P,!It&&!Vt&&($>S?Vt=!0:It=!0)):Ut.x&&Ut.y&&(It||Vt)&&(It=Vt=!0);let R,D;It&&(C.ori==0?(R=Gn,D=vt):(R=qn,D=At),bi(Ce(R,D),Nt(D-R)),Vt||_i(0,b)),Vt&&(C.ori==1?(R=Gn,D=vt):(R=qn,D=At),_i(Ce(R,D),Nt(D-R)),It||bi(0,g)),!It&&!Vt&&(bi(0,0),_i(0,0))}if(Ut._x=It,Ut._y=Vt,r==null){if(c){if(Ro!=null){let[S,$]=Tt.scales;Tt.values[0]=S!=null?Le(C.ori==0?vt:At,S):null,Tt.values[1]=$!=null?Le(C.ori==1?vt:At,$):null}Si(pr,i,vt,At,J,M,u)}if(In){let S=c&&Tt.setSeries,$=Re.prox;hn==null?We<=$&&Me(Qe,Jn,!0,S):We>$?Me(null,Jn,!0,S):Qe!=hn&&Me(Qe,Jn,!0,S)}}he&&(Q.idx=u,Ys()),l!==!1&&zt("setCursor")}let Xe=null;Object.defineProperty(i,"rect",{get(){return Xe==null&&xi(!1),Xe}});function xi(r=!1){r?Xe=null:(Xe=E.getBoundingClientRect(),zt("syncRect",Xe))}function _o(r,l,c,u,p,g,b){I._lock||Je&&r!=null&&r.movementX==0&&r.movementY==0||(Js(r,l,c,u,p,g,b,!1,r!=null),r!=null?pn(null,!0,!0):pn(l,!0,!1))}function Js(r,l,c,u,p,g,b,S,$){if(Xe==null&&xi(!1),fn(r),r!=null)c=r.clientX-Xe.left,u=r.clientY-Xe.top;else{if(c<0||u<0){vt=-10,At=-10;return}let[P,R]=Tt.scales,D=l.cursor.sync,[G,lt]=D.values,[rt,tt]=D.scales,[K,V]=Tt.match,wt=l.axes[0].side%2==1,kt=C.ori==0?J:M,Ft=C.ori==1?J:M,ht=wt?g:p,Et=wt?p:g,se=wt?u:c,Gt=wt?c:u;if(rt!=null?c=K(P,rt)?d(G,x[P],kt,0):-10:c=kt*(se/ht),tt!=null?u=V(R,tt)?d(lt,x[R],Ft,0):-10:u=Ft*(Gt/Et),C.ori==1){let me=c;c=u,u=me}}$&&(l==null||l.cursor.event.type==pr)&&((c<=1||c>=J-1)&&(c=bn(c,J)),(u<=1||u>=M-1)&&(u=bn(u,M))),S?(mo=c,go=u,[Gn,qn]=I.move(i,c,u)):(vt=c,At=u)}let Zs={width:0,height:0,left:0,top:0};function Qs(){Zi(Zs,!1)}let xo,So,Ao,$o;function ko(r,l,c,u,p,g,b){Je=!0,It=Vt=Ut._x=Ut._y=!1,Js(r,l,c,u,p,g,b,!0,!1),r!=null&&(Bt(mr,br,Eo,!1),Si(Xo,i,Gn,qn,J,M,null));let{left:S,top:$,width:P,height:R}=yt;xo=S,So=$,Ao=P,$o=R}function Eo(r,l,c,u,p,g,b){Je=Ut._x=Ut._y=!1,Js(r,l,c,u,p,g,b,!1,!0);let{left:S,top:$,width:P,height:R}=yt,D=P>0||R>0,G=xo!=S||So!=$||Ao!=P||$o!=R;if(D&&G&&Zi(yt),Ut.setScale&&D&&G){let lt=S,rt=P,tt=$,K=R;if(C.ori==1&&(lt=$,rt=R,tt=S,K=P),It&&Ze(T,Le(lt,T),Le(lt+rt,T)),Vt)for(let V in x){let wt=x[V];V!=T&&wt.from==null&&wt.min!=pt&&Ze(V,Le(tt+K,V),Le(tt,V))}Qs()}else I.lock&&(I._lock=!I._lock,pn(l,!0,r!=null));r!=null&&(Nn(mr,br),Si(mr,i,vt,At,J,M,null))}function pc(r,l,c,u,p,g,b){if(I._lock)return;fn(r);let S=Je;if(Je){let $=!0,P=!0,R=10,D,G;C.ori==0?(D=It,G=Vt):(D=Vt,G=It),D&&G&&($=vt<=R||vt>=J-R,P=At<=R||At>=M-R),D&&$&&(vt=vt<Gn?0:J),G&&P&&(At=At<qn?0:M),pn(null,!0,!0),Je=!1}vt=-10,At=-10,dt.fill(null),pn(null,!0,!0),S&&(Je=S)}function Co(r,l,c,u,p,g,b){I._lock||(fn(r),Ds(),Qs(),r!=null&&Si(nl,i,vt,At,J,M,null))}function To(){_.forEach(Cf),Ls(i.width,i.height,!0)}Sn(us,ni,To);let Zn={};Zn.mousedown=ko,Zn.mousemove=_o,Zn.mouseup=Eo,Zn.dblclick=Co,Zn.setSeries=(r,l,c,u)=>{let p=Tt.match[2];c=p(i,l,c),c!=-1&&Me(c,u,!0,!1)},jt&&(Bt(Xo,E,ko),Bt(pr,E,_o),Bt(tl,E,r=>{fn(r),xi(!1)}),Bt(el,E,pc),Bt(nl,E,Co),Cr.add(i),i.syncRect=xi);let Qi=i.hooks=n.hooks||{};function zt(r,l,c){js?wi.push([r,l,c]):r in Qi&&Qi[r].forEach(u=>{u.call(null,i,l,c)})}(n.plugins||[]).forEach(r=>{for(let l in r.hooks)Qi[l]=(Qi[l]||[]).concat(r.hooks[l])});let Po=(r,l,c)=>c,Tt=Pt({key:null,setSeries:!1,filters:{pub:hl,sub:hl},scales:[T,w[1]?w[1].scale:null],match:[pl,pl,Po],values:[null,null]},I.sync);Tt.match.length==2&&Tt.match.push(Po),I.sync=Tt;let Ro=Tt.key,Xs=ua(Ro);function Si(r,l,c,u,p,g,b){Tt.filters.pub(r,l,c,u,p,g,b)&&Xs.pub(r,l,c,u,p,g,b)}Xs.sub(i);function mc(r,l,c,u,p,g,b){Tt.filters.sub(r,l,c,u,p,g,b)&&Zn[r](null,l,c,u,p,g,b)}i.pub=mc;function gc(){Xs.unsub(i),Cr.delete(i),on.clear(),Sr(us,ni,To),h.remove(),ct?.remove(),zt("destroy")}i.destroy=gc;function tr(){zt("init",n,t),oo(t||n.data,!1),U[T]?Bs(T,U[T]):Ds(),ji=yt.show&&(yt.width>0||yt.height>0),un=he=!0,Ls(n.width,n.height)}return w.forEach(so),_.forEach(qa),e?e instanceof HTMLElement?(e.appendChild(h),tr()):e(i,tr):tr(),i}ft.assign=Pt;ft.fmtNum=Nr;ft.rangeNum=fs;ft.rangeLog=ps;ft.rangeAsinh=Lr;ft.orient=$n;ft.pxRatio=at;ft.join=yu;ft.fmtDate=Hr,ft.tzDate=Tu;ft.sync=ua;{ft.addGap=df,ft.clipGaps=vs;let n=ft.paths={points:ga};n.linear=ya,n.stepped=mf,n.bars=gf,n.spline=yf}var xa='.uplot, .uplot *, .uplot *::before, .uplot *::after {box-sizing: border-box;}.uplot {font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji";line-height: 1.5;width: min-content;}.u-title {text-align: center;font-size: 18px;font-weight: bold;}.u-wrap {position: relative;user-select: none;}.u-over, .u-under {position: absolute;}.u-under {overflow: hidden;}.uplot canvas {display: block;position: relative;width: 100%;height: 100%;}.u-axis {position: absolute;}.u-legend {font-size: 14px;margin: auto;text-align: center;}.u-inline {display: block;}.u-inline * {display: inline-block;}.u-inline tr {margin-right: 16px;}.u-legend th {font-weight: 600;}.u-legend th > * {vertical-align: middle;display: inline-block;}.u-legend .u-marker {width: 1em;height: 1em;margin-right: 4px;background-clip: padding-box !important;}.u-inline.u-live th::after {content: ":";vertical-align: middle;}.u-inline:not(.u-live) .u-value {display: none;}.u-series > * {padding: 4px;}.u-series th {cursor: pointer;}.u-legend .u-off > * {opacity: 0.3;}.u-select {background: rgba(0,0,0,0.07);position: absolute;pointer-events: none;}.u-cursor-x, .u-cursor-y {position: absolute;left: 0;top: 0;pointer-events: none;will-change: transform;}.u-hz .u-cursor-x, .u-vt .u-cursor-y {height: 100%;border-right: 1px dashed #607D8B;}.u-hz .u-cursor-y, .u-vt .u-cursor-x {width: 100%;border-bottom: 1px dashed #607D8B;}.u-cursor-pt {position: absolute;top: 0;left: 0;border-radius: 50%;border: 0 solid;pointer-events: none;will-change: transform;/*this has to be !important since we set inline "background" shorthand */background-clip: padding-box !important;}.u-axis.u-off, .u-select.u-off, .u-cursor-x.u-off, .u-cursor-y.u-off, .u-cursor-pt.u-off {display: none;}';var kn={heart_rate:0,spo2:0,body_temperature:1,perfusion_index:1,ambient_temperature:1,humidity:0};function _s(n){return n==null||n.trim()===""?!1:Number.isFinite(Number(n))}function sn(n,t,e){return new Intl.NumberFormat(t,{minimumFractionDigits:e,maximumFractionDigits:e}).format(n)}function xs(n,t,e){return t?t==="%"?e.toLowerCase().startsWith("fr")?`${n} %`:`${n}%`:`${n} ${t}`:n}function Sa(n,t){return n?xs("",n,t):""}function Kr(n,t,e,i){if(n==null||n==="")return"—";let s=typeof n=="number"?n:Number(n);return Number.isFinite(s)?xs(sn(s,t,e),i,t):String(n)}function jr(n,t,e,i){let s=typeof n=="number"&&Number.isFinite(n)?n:void 0,o=typeof t=="number"&&Number.isFinite(t)?t:void 0;if(s===void 0&&o===void 0)return;let a=d=>sn(d,e,i);return s!==void 0&&o!==void 0?`${a(s)}–${a(o)}`:s!==void 0?`≥ ${a(s)}`:`≤ ${a(o)}`}var Pf=[["day",864e5],["hour",36e5],["minute",6e4],["second",1e3]];function En(n,t,e){let i=new Intl.RelativeTimeFormat(e,{numeric:"auto",style:"short"}),s=Math.max(0,t-n);for(let[o,a]of Pf)if(s>=a||o==="second")return i.format(-Math.floor(s/a),o);return i.format(0,"second")}function be(n){if(typeof n=="number")return!Number.isFinite(n)||n<=0?void 0:n<1e11?n*1e3:n;if(!n)return;let t=Date.parse(n);return Number.isFinite(t)?t:void 0}var Aa=[1,2,5,10,15,30,60,120,300,600,900,1800,3600,7200,10800,14400,21600,43200,86400,172800,604800],$a={50:1,"1h":60,"24h":3600};function ka(n){let t=[];for(let e=-Math.max(0,n);e<=5;e++)for(let i of[1,2,5])t.push(Number((i*10**e).toFixed(Math.max(0,-e))));return t}function Br(n){for(let t=0;t<6;t++)if(Math.abs(Math.round(n*10**t)-n*10**t)<1e-6)return t;return 6}function Gr(n){return n.map((t,e)=>e>0&&t===n[e-1]?"":t)}function Ea(n,t){let e=[...n.t],i=[...n.v],s=i.length-1;return t!==void 0&&s>=0&&i[s]!==null&&t>e[s]&&(e.push(t),i.push(i[s])),[e,i]}var Ct=class extends Jt{constructor(){super(...arguments);this.series={t:[],v:[]};this.window="1h";this.color="var(--primary-color, #03a9f4)";this.unit="";this.locale="en";this.numberLocale="en";this.decimals=0;this.points=!1;this.thresholds=[];this.levelLabels={warning:"warning",critical:"critical"};this.noReading="—";this.theme="";this.drawn={x:[],y:[],limits:[]}}render(){let e=this.tip;return W`<div class="wrap"></div>
      ${e?W`<div class="tooltip" role="status" style="left:${e.left}px;top:${e.top}px">
            <div class="tip-value">${e.value}</div>
            <div class="tip-time">${e.time}</div>
          </div>`:""}
      <span class="probe-text"></span><span class="probe-grid"></span>
      <span class="probe-warning"></span><span class="probe-critical"></span>`}disconnectedCallback(){super.disconnectedCallback(),this.resizeObserver?.disconnect(),this.resizeObserver=void 0,this.plot?.destroy(),this.plot=void 0}connectedCallback(){super.connectedCallback(),this.hasUpdated&&this.requestUpdate("theme")}updated(e){!this.plot||e.has("color")||e.has("unit")||e.has("theme")||e.has("points")||e.has("window")||e.has("locale")||e.has("numberLocale")||e.has("hour12")||e.has("decimals")||e.has("levelLabels")?this.build():e.has("series")||e.has("extendTo")||e.has("xRange")?this.plot?.setData(this.data()):e.has("thresholds")&&this.plot?.redraw(!1)}data(){return Ea(this.series,this.extendTo)}cssColor(e){let i=this.renderRoot.querySelector(e);return i?getComputedStyle(i).color:"#888"}timeFormats(){let e=this.hour12;return{seconds:new Intl.DateTimeFormat(this.locale,{hour:"2-digit",minute:"2-digit",second:"2-digit",hour12:e}),minutes:new Intl.DateTimeFormat(this.locale,{hour:"2-digit",minute:"2-digit",hour12:e}),days:new Intl.DateTimeFormat(this.locale,{day:"numeric",month:"short"}),full:new Intl.DateTimeFormat(this.locale,{day:"numeric",month:"short",hour:"2-digit",minute:"2-digit",second:"2-digit",hour12:e})}}build(){let e=this.renderRoot.querySelector(".wrap");if(!e)return;this.plot?.destroy(),this.tip=void 0,this.style.setProperty("--fajma-chart-line",this.color);let i=getComputedStyle(e).color,s=this.cssColor(".probe-text"),o=this.cssColor(".probe-grid"),a=Math.max(120,Math.floor(e.clientWidth||300)),d=this.unit,f=(k,w)=>xs(sn(k,this.numberLocale,w),d,this.numberLocale),h=this.timeFormats(),y=$a[this.window],m={warning:this.cssColor(".probe-warning"),critical:this.cssColor(".probe-critical")},v=`${Math.round(11*ft.pxRatio)}px ${getComputedStyle(this).fontFamily||"sans-serif"}`,A=k=>{let{ctx:w,bbox:_}=k;this.drawn.limits=[];for(let x of this.thresholds){let L=k.valToPos(x.value,"y",!0);if(!Number.isFinite(L)||L<_.top||L>_.top+_.height)continue;w.save(),w.strokeStyle=m[x.level],w.globalAlpha=.8,w.lineWidth=ft.pxRatio,w.setLineDash(x.level==="critical"?[6*ft.pxRatio,3*ft.pxRatio]:[2*ft.pxRatio,3*ft.pxRatio]),w.beginPath(),w.moveTo(_.left,L),w.lineTo(_.left+_.width,L),w.stroke(),w.globalAlpha=1,w.font=v,w.fillStyle=m[x.level],w.textAlign="right";let T=L-_.top>14*ft.pxRatio;w.textBaseline=T?"bottom":"top";let j=`${this.levelLabels[x.level]} ${f(x.value,Br(x.value))}`;this.drawn.limits.push(j),w.fillText(j,_.left+_.width-4*ft.pxRatio,T?L-2*ft.pxRatio:L+2*ft.pxRatio),w.restore()}},E=k=>{let w=k.cursor.idx,_=k.cursor.left??-1;if(w==null||_<0){this.tip&&(this.tip=void 0);return}let x=k.data[0][w],L=k.data[1][w],T=L==null?k.cursor.top??0:k.valToPos(L,"y");this.tip={left:k.valToPos(x,"x")+k.over.offsetLeft,top:Math.max(0,T)+k.over.offsetTop,value:L==null?this.noReading:f(L,this.decimals),time:(this.window==="24h"?h.full:h.seconds).format(new Date(x*1e3))}},N=(k,w)=>{if(!w?.length)return 40;let _=k.ctx;_.save(),_.font=v;let x=Math.max(...w.map(L=>_.measureText(L).width))/ft.pxRatio;return _.restore(),Math.ceil(x)+14},O={width:a,height:170,hooks:{draw:[A],setCursor:[E]},legend:{show:!1},cursor:{drag:{x:!1,y:!1},points:{size:8}},scales:{x:{time:!0,range:(k,w,_)=>this.xRange??[w,_]}},series:[{},{label:d,stroke:i,width:2,spanGaps:!1,paths:ft.paths.stepped?.({align:1,alignGaps:1}),points:{show:this.points,size:4,fill:i}}],axes:[{stroke:s,font:v,grid:{stroke:o,width:1},ticks:{stroke:o,width:1},space:64,incrs:Aa.filter(k=>k>=y),values:(k,w,_,x,L)=>this.drawn.x=Gr(w.map(T=>(L<60?h.seconds:L<86400?h.minutes:h.days).format(new Date(T*1e3))))},{stroke:s,font:v,grid:{stroke:o,width:1},ticks:{stroke:o,width:1},space:28,incrs:ka(this.decimals),size:(k,w)=>N(k,w),values:(k,w,_,x,L)=>this.drawn.y=Gr(w.map(T=>f(T,Br(L))))}]};e.replaceChildren(),this.plot=new ft(O,this.data(),e),this.plot.over.addEventListener("mouseleave",()=>{this.tip=void 0}),this.resizeObserver||(this.resizeObserver=new ResizeObserver(()=>{let k=Math.floor(e.clientWidth);this.plot&&k>0&&k!==this.plot.width&&this.plot.setSize({width:k,height:170})}),this.resizeObserver.observe(e))}};Ct.styles=[es(xa),ve`
      :host {
        display: block;
        position: relative;
      }
      .wrap {
        height: 170px;
        width: 100%;
        color: var(--fajma-chart-line);
        position: relative;
      }
      .probe-text {
        color: var(--secondary-text-color, #727272);
      }
      .probe-grid {
        color: var(--divider-color, rgba(0, 0, 0, 0.12));
      }
      .probe-warning {
        color: var(--warning-color, #ffa600);
      }
      .probe-critical {
        color: var(--error-color, #db4437);
      }
      .probe-text,
      .probe-grid,
      .probe-warning,
      .probe-critical {
        display: none;
      }
      .u-legend {
        display: none;
      }
      .tooltip {
        position: absolute;
        pointer-events: none;
        z-index: 2;
        transform: translate(-50%, calc(-100% - 10px));
        padding: 4px 8px;
        border-radius: 6px;
        font-size: 0.85rem;
        line-height: 1.25;
        white-space: nowrap;
        text-align: center;
        color: var(--primary-text-color, #212121);
        background: var(--card-background-color, #fff);
        border: 1px solid var(--divider-color, rgba(0, 0, 0, 0.12));
        box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2);
      }
      .tooltip .tip-value {
        font-weight: 600;
      }
      .tooltip .tip-time {
        color: var(--secondary-text-color, #727272);
      }
    `],X([bt({attribute:!1})],Ct.prototype,"series",2),X([bt({attribute:!1})],Ct.prototype,"extendTo",2),X([bt({attribute:!1,hasChanged:(e,i)=>JSON.stringify(e)!==JSON.stringify(i)})],Ct.prototype,"xRange",2),X([bt()],Ct.prototype,"window",2),X([bt()],Ct.prototype,"color",2),X([bt()],Ct.prototype,"unit",2),X([bt()],Ct.prototype,"locale",2),X([bt()],Ct.prototype,"numberLocale",2),X([bt({attribute:!1})],Ct.prototype,"hour12",2),X([bt({type:Number})],Ct.prototype,"decimals",2),X([bt({type:Boolean})],Ct.prototype,"points",2),X([bt({attribute:!1,hasChanged:(e,i)=>JSON.stringify(e)!==JSON.stringify(i)})],Ct.prototype,"thresholds",2),X([bt({attribute:!1})],Ct.prototype,"levelLabels",2),X([bt()],Ct.prototype,"noReading",2),X([bt()],Ct.prototype,"theme",2),X([Lt()],Ct.prototype,"tip",2);var rn="fajma-patient-card",Vi="fajma-overview-card",Ss="fajma-patient-card-editor",As="fajma-overview-card-editor",ui=["50","1h","24h"],He={window:"1h",stale_after:0,show_chart:!0,show_alerts:!0,show_controls:!0},Cn=class extends Error{};function Ta(n){if(!n||typeof n!="object")throw new Cn("Invalid configuration");let t=n;if(!t.device_id&&!t.entity)throw new Cn("Set device_id or entity");if(t.entity!==void 0&&!/^sensor\.\w+$/.test(t.entity))throw new Cn("entity must be the patient status sensor (sensor.…)");if(t.window!==void 0&&!ui.includes(t.window))throw new Cn(`window must be one of ${ui.join(", ")}`);if(t.stale_after!==void 0&&!(typeof t.stale_after=="number"&&t.stale_after>=0))throw new Cn("stale_after must be a number of seconds ≥ 0");return{type:t.type,device_id:t.device_id||void 0,entity:t.entity||void 0,name:t.name||void 0,window:t.window??He.window,stale_after:t.stale_after??He.stale_after,show_chart:t.show_chart??He.show_chart,show_alerts:t.show_alerts??He.show_alerts,show_controls:t.show_controls??He.show_controls}}function Pa(n){let{type:t,...e}={...He,...n};return e}var Ca=["device_id","entity","name","window","stale_after","show_chart","show_alerts","show_controls"];function Ra(n,t){let e={type:t.type||`custom:${rn}`};for(let[i,s]of Object.entries(t))i!=="type"&&!Ca.includes(i)&&(e[i]=s);for(let i of Ca){let s=i in n?n[i]:t[i];s==null||s===""||i in He&&He[i]===s||(e[i]=s)}return e.device_id&&e.entity&&n.device_id&&n.device_id!==t.device_id&&delete e.entity,e}function fi(n,t){customElements.get(n)||customElements.define(n,t)}function qr(n){window.customCards=window.customCards||[],window.customCards.some(t=>t.type===n.type)||window.customCards.push(n)}function Tn(n,t,e={}){n.dispatchEvent(new CustomEvent(t,{detail:e,bubbles:!0,composed:!0}))}var Yr={"vital.heart_rate":"Heart rate","vital.spo2":"SpO₂","vital.body_temperature":"Body temperature","vital.perfusion_index":"Perfusion index","vital.ambient_temperature":"Room temperature","vital.humidity":"Humidity","vital.patient_status":"Patient status","vital.short.body_temperature":"Temp.","status.normal":"Normal","status.warning":"Warning","status.critical":"Critical","status.no_signal":"No signal","status.offline":"Offline","status.unknown":"Unknown","status.stale":"Stale","conn.connected":"Connected","conn.disconnected":"Disconnected","conn.unknown":"Connection unknown","finger.absent":"No finger on sensor","offline.banner":"Monitor offline — values below are the last known ones","updated.never":"never updated","updated.ago":"updated {ago}","threshold.warning":"warn","threshold.critical":"crit","chart.title":"Trend","chart.window.50":"Last 50","chart.window.1h":"1 h","chart.window.24h":"24 h","chart.empty":"No readings in this window","alerts.title":"Alerts","alerts.none":"No active alert","alerts.history":"Last alerts","alerts.ack":"I’m on it","alerts.acked":"Acknowledged","alerts.threshold":"limit {threshold}","alert.kind.physiological":"physiological","alert.kind.technical":"technical","vital.offline":"Monitor offline","vital.no_signal":"No signal","vital.sensor_off":"Sensor off","vital.no_pulse":"No valid pulse","vital.delivery":"Notifications failing","alert.priority.critical":"Critical","alert.priority.high":"High","alert.priority.warning":"Warning","alert.priority.medium":"Medium","alert.priority.low":"Low","alert.priority.info":"Info","controls.calibrate":"Calibrate","controls.restart":"Restart","controls.restart_confirm":"Restart the monitor? Measurements stop for a few seconds.","controls.cancel":"Cancel","controls.confirm":"Restart","error.not_found":"No FAJMA patient found for this card. Choose a device in the card editor.","error.config":"Set device_id or entity","overview.title":"Patients","overview.empty":"No FAJMA patient yet","editor.device_id":"Patient device","editor.entity":"Patient status sensor (instead of a device)","editor.name":"Name (optional)","editor.window":"Chart window","editor.stale_after":"Mark values stale after (seconds, 0 = never)","editor.show_chart":"Show chart","editor.show_alerts":"Show alerts","editor.show_controls":"Show calibrate / restart (admins only)","fresh.live":"live","fresh.last":"last value {ago}",irregular_pulse:"Irregular pulse","alerts.acked_by":"{who} is on it","alerts.acked_phone":"Taken from a phone","alerts.error":"Alerts: {message}","alert.state.raised":"raised","alert.state.escalated":"worse","alert.state.reminder":"reminder","alert.state.de_escalated":"improved","alert.state.acknowledged":"acknowledged","alert.state.resolved":"back within limits","alert.state.active":"active","alert.state.resolved_unacknowledged":"back within limits, nobody has taken it yet","alert.state.acknowledged_by":"{who} is on it","alert.state.acknowledged_phone":"taken from a phone","chart.no_reading":"no reading","editor.title":"Title (optional)","card.patient.name":"FAJMA patient","card.patient.description":"Vital signs, trend, alerts and controls for one FAJMA patient.","card.overview.name":"FAJMA overview","card.overview.description":"Every FAJMA patient in one grid, worst status first."},Rf={"vital.heart_rate":"Fréquence cardiaque","vital.spo2":"SpO₂","vital.body_temperature":"Température corporelle","vital.perfusion_index":"Indice de perfusion","vital.ambient_temperature":"Température ambiante","vital.humidity":"Humidité","vital.patient_status":"État du patient","vital.short.body_temperature":"Temp.","status.normal":"Normal","status.warning":"Attention","status.critical":"Critique","status.no_signal":"Pas de signal","status.offline":"Hors ligne","status.unknown":"Inconnu","status.stale":"Obsolète","conn.connected":"Connecté","conn.disconnected":"Déconnecté","conn.unknown":"Connexion inconnue","finger.absent":"Pas de doigt sur le capteur","offline.banner":"Moniteur hors ligne — valeurs affichées : dernières connues","updated.never":"jamais mis à jour","updated.ago":"mis à jour {ago}","threshold.warning":"attention","threshold.critical":"critique","chart.title":"Tendance","chart.window.50":"50 dernières","chart.window.1h":"1 h","chart.window.24h":"24 h","chart.empty":"Aucune mesure sur cette période","alerts.title":"Alertes","alerts.none":"Aucune alerte active","alerts.history":"Dernières alertes","alerts.ack":"Je m’en occupe","alerts.acked":"Prise en charge","alerts.threshold":"seuil {threshold}","alert.kind.physiological":"physiologique","alert.kind.technical":"technique","vital.offline":"Moniteur hors ligne","vital.no_signal":"Pas de signal","vital.sensor_off":"Capteur retiré","vital.no_pulse":"Pas de pouls valable","vital.delivery":"Échec des notifications","alert.priority.critical":"Critique","alert.priority.high":"Haute","alert.priority.warning":"Attention","alert.priority.medium":"Moyenne","alert.priority.low":"Basse","alert.priority.info":"Info","controls.calibrate":"Étalonner","controls.restart":"Redémarrer","controls.restart_confirm":"Redémarrer le moniteur ? Les mesures s’arrêtent quelques secondes.","controls.cancel":"Annuler","controls.confirm":"Redémarrer","error.not_found":"Aucun patient FAJMA trouvé pour cette carte. Choisissez un appareil dans l’éditeur.","error.config":"Renseignez device_id ou entity","overview.title":"Patients","overview.empty":"Aucun patient FAJMA","editor.device_id":"Appareil du patient","editor.entity":"Capteur d’état du patient (au lieu d’un appareil)","editor.name":"Nom (facultatif)","editor.window":"Période du graphique","editor.stale_after":"Valeurs obsolètes après (secondes, 0 = jamais)","editor.show_chart":"Afficher le graphique","editor.show_alerts":"Afficher les alertes","editor.show_controls":"Afficher étalonner / redémarrer (administrateurs)","fresh.live":"en direct","fresh.last":"dernière valeur {ago}",irregular_pulse:"Pouls irrégulier","alerts.acked_by":"{who} s’en occupe","alerts.acked_phone":"Prise en charge depuis un téléphone","alerts.error":"Alertes : {message}","alert.state.raised":"déclenchée","alert.state.escalated":"plus grave","alert.state.reminder":"rappel","alert.state.de_escalated":"moins grave","alert.state.acknowledged":"prise en charge","alert.state.resolved":"revenue dans les limites","alert.state.active":"active","alert.state.resolved_unacknowledged":"revenue dans les limites, personne ne s’en occupe encore","alert.state.acknowledged_by":"{who} s’en occupe","alert.state.acknowledged_phone":"prise en charge depuis un téléphone","chart.no_reading":"pas de mesure","editor.title":"Titre (facultatif)","card.patient.name":"Patient FAJMA","card.patient.description":"Signes vitaux, tendance, alertes et commandes pour un patient FAJMA.","card.overview.name":"Vue d’ensemble FAJMA","card.overview.description":"Tous les patients FAJMA dans une grille, les plus graves en premier."},Mf={en:Yr,fr:Rf};function Ie(n){return(n?.locale?.language??n?.language??"en").toLowerCase().startsWith("fr")?"fr":"en"}function Ve(n){return n?.locale?.language??n?.language??"en"}function di(n){switch(n?.locale?.number_format){case"comma_decimal":return"en-US";case"decimal_comma":return"de";case"space_comma":return"fr";case"system":return typeof navigator<"u"?navigator.language:"en";default:return Ve(n)}}function Jr(n){let t=n?.locale?.time_format;return t==="12"?!0:t==="24"?!1:void 0}function ue(n,t,e={}){return(Mf[n][t]??Yr[t]??t).replace(/\{(\w+)\}/g,(s,o)=>String(e[o]??`{${o}}`))}function hi(n){return n in Yr}function Lf(n){if(n&&typeof n=="object"&&"code"in n){let t=n.code;return typeof t=="string"?t:void 0}}function Df(n){return n&&typeof n=="object"&&"message"in n?String(n.message):String(n)}function Nf(n){let t=n??{},e=i=>Array.isArray(i)?i.filter(s=>s&&typeof s=="object"&&"alert_id"in s):[];return{active:e(t.active),history:e(t.history)}}var Of={critical:3,high:3,warning:2,medium:2,info:1};function Ma(n){let t=new Map;for(let i of n){let s=t.get(i.alert_id);s?s.push(i):t.set(i.alert_id,[i])}let e=i=>Of[i.priority]??0;return[...t.values()].map(i=>({latest:i.reduce((s,o)=>e(o)>e(s)?o:s,i[0]),transitions:[...i].reverse()}))}function Hf(n){return!!n&&typeof n=="object"&&("active"in n||"history"in n)}var If={retryBaseMs:1e3,retryMaxMs:3e4,graceMs:1500},pi=class{constructor(t,e,i,s=If){this.hass=t;this.deviceId=e;this.onChange=i;this.timing=s;this.closed=!1;this.generation=0;this.failures=0;this.renewals=0;this.mismatches=0;this.entryDown=!1;this.onReady=()=>this.renew("reconnected");this.onDisconnected=()=>{this.unsubscribe=void 0}}setHass(t){t.connection!==this.hass.connection?(this.unlisten(),this.hass=t,this.listen()):this.hass=t}async start(){this.onChange({kind:"loading"}),this.listen(),await this.connect()}stop(){this.closed=!0,this.generation+=1,this.unlisten(),clearTimeout(this.retryTimer),clearTimeout(this.graceTimer),this.retryTimer=this.graceTimer=void 0,this.dropSubscription()}get renewCount(){return this.renewals}check(t){if(this.closed||!t||t===this.alertEntity)return;let e=this.alertEntity;if(this.alertEntity=t,t.state==="unavailable"){this.entryDown=!0;return}let i=e!==void 0&&e.state===t.state&&e.last_changed!==t.last_changed;if(this.entryDown||i){this.entryDown=!1,this.renew("entry reloaded");return}this.watch()}listen(){this.hass.connection.addEventListener?.("ready",this.onReady),this.hass.connection.addEventListener?.("disconnected",this.onDisconnected)}unlisten(){this.hass.connection.removeEventListener?.("ready",this.onReady),this.hass.connection.removeEventListener?.("disconnected",this.onDisconnected)}dropSubscription(){let t=this.unsubscribe;this.unsubscribe=void 0,t&&Promise.resolve(t()).catch(()=>{})}renew(t){this.closed||(this.renewals+=1,clearTimeout(this.retryTimer),this.retryTimer=void 0,this.dropSubscription(),this.connect())}retry(){if(this.closed)return;let t=Math.min(this.timing.retryMaxMs,this.timing.retryBaseMs*2**this.failures);this.failures+=1,clearTimeout(this.retryTimer),this.retryTimer=setTimeout(()=>{this.retryTimer=void 0,this.renew("retry")},t)}publish(t){this.data=Nf(t),this.onChange({kind:"ready",data:this.data}),this.watch()}async connect(){let t=++this.generation,e=()=>!this.closed&&t===this.generation,i;try{i=await this.hass.callWS({type:"fajma/alerts",device_id:this.deviceId})}catch(s){if(!e())return;if(Lf(s)==="unknown_command"){this.onChange({kind:"unsupported"});return}this.data||this.onChange({kind:"error",message:Df(s)}),this.retry();return}if(e()){this.publish(i);try{let s=await this.hass.connection.subscribeMessage(o=>{if(e()){if(!Hf(o)){this.renew("ended by the server");return}this.failures=0,this.publish(o)}},{type:"fajma/alerts/subscribe",device_id:this.deviceId},{resubscribe:!1});if(!e()){Promise.resolve(s()).catch(()=>{});return}this.unsubscribe=s,this.failures=0}catch{e()&&this.retry()}}}watch(){if(!this.disagrees()){clearTimeout(this.graceTimer),this.graceTimer=void 0,this.alertEntity&&this.data&&(this.mismatches=0);return}if(this.graceTimer!==void 0)return;let t=Math.min(this.timing.retryMaxMs,this.timing.graceMs*2**this.mismatches);this.graceTimer=setTimeout(()=>{this.graceTimer=void 0,this.disagrees()&&(this.mismatches+=1,this.renew("disagrees with the alert entity"))},t)}disagrees(){let t=this.alertEntity,e=this.data;if(!t||!e||this.entryDown||t.state==="unavailable")return!1;let i=t.attributes.count;if(typeof i=="number"&&i!==e.active.length)return!0;let s=t.attributes.alert_id;if(typeof s!="string")return!1;let o=e.active.find(d=>d.alert_id===s);if(!o)return!0;let a=t.attributes.acknowledged;return typeof a=="boolean"&&a!==!!o.acknowledged}};var Pn=["heart_rate","spo2","body_temperature","perfusion_index","ambient_temperature","humidity"];var mi="fajma",Vf=new Set(Pn);function La(n){return n.split(".",1)[0]??""}function zf(n,t,e){let i=La(t);i==="sensor"?e==="patient_status"?n.patientStatus??=t:Vf.has(e)&&(n.vitals[e]??=t):i==="binary_sensor"?e==="connectivity"?n.connectivity??=t:e==="finger_detected"?n.fingerDetected??=t:e==="alert_active"?n.alertActive??=t:e==="irregular_pulse"&&(n.irregularPulse??=t):i==="button"?e==="calibrate"?n.calibrate??=t:e==="restart"&&(n.restart??=t):i==="event"&&e==="alert"&&(n.alertEvent??=t)}function Ff(n,t){if(!t)return;let e=n.devices?.[t];return e?.name_by_user||e?.name||void 0}function Zr(n,t){let e=t.device_id;!e&&t.entity&&(e=n.entities[t.entity]?.device_id??void 0);let i={deviceId:e,name:"",vitals:{}};if(e){let s=Object.values(n.entities).filter(o=>o.device_id===e&&o.platform===mi&&o.translation_key).sort((o,a)=>o.entity_id.localeCompare(a.entity_id));for(let o of s)zf(i,o.entity_id,o.translation_key);i.irregularPulse??=Object.values(n.entities).find(o=>o.device_id===e&&o.platform===mi&&/^binary_sensor\.\w*irregular_pulse$/.test(o.entity_id))?.entity_id}else t.entity&&n.states[t.entity]&&(i.patientStatus=t.entity);if(!(!i.patientStatus&&Object.keys(i.vitals).length===0))return i.name=t.name||Ff(n,e)||(i.patientStatus?n.states[i.patientStatus]?.attributes.friendly_name:void 0)||e||"FAJMA",i}function $s(n){let t=Object.values(n.entities).filter(i=>i.platform===mi&&i.translation_key==="patient_status"&&La(i.entity_id)==="sensor"),e=[];for(let i of t){let s=Zr(n,i.device_id?{device_id:i.device_id}:{entity:i.entity_id});s&&e.push(s)}return e}function ks(n){return[n.patientStatus,...Object.values(n.vitals),n.connectivity,n.fingerDetected,n.alertActive,n.irregularPulse].filter(t=>typeof t=="string")}function Es(n,t,e){return!n||n.entities!==t.entities||n.devices!==t.devices||n.locale!==t.locale||n.language!==t.language||n.themes!==t.themes?!0:e.some(i=>n.states[i]!==t.states[i])}function Wf(n){return[{name:"device_id",selector:{device:{filter:{integration:mi}}}},{name:"entity",selector:{entity:{filter:{integration:mi,domain:"sensor"}}}},{name:"name",selector:{text:{}}},{name:"window",selector:{select:{mode:"dropdown",options:ui.map(t=>({value:t,label:ue(n,`chart.window.${t}`)}))}}},{name:"stale_after",selector:{number:{min:0,max:86400,step:1,mode:"box",unit_of_measurement:"s"}}},{name:"",type:"grid",schema:[{name:"show_chart",selector:{boolean:{}}},{name:"show_alerts",selector:{boolean:{}}},{name:"show_controls",selector:{boolean:{}}}]}]}async function Cs(){if(!(customElements.get("ha-form")||!window.loadCardHelpers))try{await(await window.loadCardHelpers()).createCardElement({type:"entities",entities:[]}).constructor.getConfigElement?.()}catch{}}var Rn=class extends Jt{constructor(){super(...arguments);this.computeLabel=e=>{if(!e.name)return"";let i=`editor.${e.name}`;return ue(Ie(this.hass),i)}}setConfig(e){this.config=e}render(){if(!this.config)return z;let e=Pa(this.config);return W`<ha-form
      .hass=${this.hass}
      .data=${e}
      .schema=${Wf(Ie(this.hass))}
      .computeLabel=${this.computeLabel}
      @value-changed=${this.valueChanged}
    ></ha-form>`}valueChanged(e){if(e.stopPropagation(),!this.config)return;let i=Ra(e.detail.value,this.config);this.config=i,Tn(this,"config-changed",{config:i})}};Rn.styles=ve`
    :host {
      display: block;
    }
  `,X([bt({attribute:!1})],Rn.prototype,"hass",2),X([Lt()],Rn.prototype,"config",2);var Uf=[{name:"title",selector:{text:{}}}],Mn=class extends Jt{constructor(){super(...arguments);this.computeLabel=e=>e.name?ue(Ie(this.hass),`editor.${e.name}`):""}setConfig(e){this.config=e}render(){return this.config?W`<ha-form
      .hass=${this.hass}
      .data=${{title:this.config.title??""}}
      .schema=${Uf}
      .computeLabel=${this.computeLabel}
      @value-changed=${this.valueChanged}
    ></ha-form>`:z}valueChanged(e){if(e.stopPropagation(),!this.config)return;let{title:i,...s}=this.config,o=e.detail.value.title?.trim(),a=o?{...s,title:o}:s;this.config=a,Tn(this,"config-changed",{config:a})}};Mn.styles=ve`
    :host {
      display: block;
    }
  `,X([bt({attribute:!1})],Mn.prototype,"hass",2),X([Lt()],Mn.prototype,"config",2);var Qr="unavailable",Da={offline:{color:"var(--disabled-text-color, #9e9e9e)",icon:"mdi:lan-disconnect",rank:0},critical:{color:"var(--error-color, #db4437)",icon:"mdi:alert-octagon",rank:1},warning:{color:"var(--warning-color, #ffa600)",icon:"mdi:alert",rank:2},no_signal:{color:"var(--disabled-text-color, #9e9e9e)",icon:"mdi:signal-off",rank:3},unknown:{color:"var(--disabled-text-color, #9e9e9e)",icon:"mdi:help-circle",rank:4},normal:{color:"var(--success-color, #43a047)",icon:"mdi:check-circle",rank:5}},Kf=new Set(Object.keys(Da));function Na(n){return typeof n=="string"&&Kf.has(n)?n:"unknown"}function Be(n){return Da[n]}function zi(n,t,e,i=0){let s=be(n?.last_changed);if(!n||t||n.state===Qr)return{status:"offline",stale:!0,lastChanged:s};let o=i>0&&s!==void 0&&e-s>i*1e3;return{status:Na(n.attributes.status),stale:o,lastChanged:s}}function Fi(n){return!n||n.state===Qr?"offline":Na(n.state)}function Oa(n,t){return Be(n.status).rank-Be(t.status).rank||n.name.localeCompare(t.name)||(n.key??"").localeCompare(t.key??"")}function Xr(n,t,e){let i=t?t.state==="on":void 0,s=Fi(e)==="offline"&&e!==void 0;if(n&&n.state!==Qr&&i!==!1&&!s&&(i===!0||e!==void 0))return{live:!0};let o=[be(n?.last_changed),i===!1?be(t?.last_changed):void 0,s?be(e?.last_changed):void 0].filter(a=>a!==void 0);return{live:!1,since:o.length?Math.max(...o):void 0}}function Ha(n){if(!n)return[];let t=[];for(let[e,i]of[["warning_low","warning"],["warning_high","warning"],["critical_low","critical"],["critical_high","critical"]]){let s=n[e];typeof s=="number"&&Number.isFinite(s)&&t.push({value:s,level:i})}return t}var Ts=ve`
  :host {
    --fajma-normal: var(--success-color, #43a047);
    --fajma-warning: var(--warning-color, #ffa600);
    --fajma-critical: var(--error-color, #db4437);
    --fajma-muted: var(--disabled-text-color, #9e9e9e);
    color: var(--primary-text-color, #212121);
  }
  ha-card {
    overflow: hidden;
    padding: 12px;
    box-sizing: border-box;
  }
  .secondary {
    color: var(--secondary-text-color, #727272);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    border-radius: 12px;
    padding: 2px 10px;
    font-size: 0.8rem;
    font-weight: 500;
    line-height: 20px;
    white-space: nowrap;
    /* Nudged towards the text colour: yellow on pale yellow is hard to read. */
    color: color-mix(in srgb, var(--chip-color) 75%, var(--primary-text-color, #212121));
    background: color-mix(in srgb, var(--chip-color) 16%, transparent);
    border: 1px solid color-mix(in srgb, var(--chip-color) 45%, transparent);
  }
  button {
    font: inherit;
    font-size: 0.875rem;
    font-weight: 500;
    cursor: pointer;
    border-radius: 8px;
    padding: 6px 14px;
    /* A finger-sized touch target. */
    min-height: 44px;
    min-width: 44px;
    color: var(--primary-color, #03a9f4);
    background: transparent;
    border: 1px solid color-mix(in srgb, var(--primary-color, #03a9f4) 60%, transparent);
  }
  button:hover {
    background: color-mix(in srgb, var(--primary-color, #03a9f4) 10%, transparent);
  }
  button:disabled {
    cursor: default;
    color: var(--disabled-text-color, #9e9e9e);
    border-color: var(--disabled-text-color, #9e9e9e);
    background: transparent;
  }
  button.danger {
    color: var(--error-color, #db4437);
    border-color: color-mix(in srgb, var(--error-color, #db4437) 60%, transparent);
  }
  button.selected {
    color: var(--text-primary-color, #fff);
    background: var(--primary-color, #03a9f4);
  }
  .warning-box {
    padding: 8px 12px;
    border-radius: 8px;
    color: var(--primary-text-color, #212121);
    background: color-mix(in srgb, var(--fajma-muted) 18%, transparent);
    border-left: 4px solid var(--fajma-muted);
  }
`;var jf=["heart_rate","spo2","body_temperature"],Ge=class extends Jt{constructor(){super(...arguments);this.now=Date.now();this.patients=[];this.loaded=!1;this.alertSources=new Map;this.alertStates={}}static async getConfigElement(){return await Cs(),document.createElement(As)}static getStubConfig(){return{type:`custom:${Vi}`}}setConfig(e){if(!e||typeof e!="object")throw new Error("Invalid configuration");this.config=e}getCardSize(){return 2+Math.ceil(this.patients.length/2)*2}getGridOptions(){return{columns:"full",rows:"auto"}}connectedCallback(){super.connectedCallback(),this.timer=setInterval(()=>{this.now=Date.now()},5e3),this.syncAlerts()}disconnectedCallback(){super.disconnectedCallback(),clearInterval(this.timer);for(let e of this.alertSources.values())e.stop();this.alertSources.clear(),this.alertStates={}}updated(){this.syncAlerts()}syncAlerts(){let e=this.hass;if(!this.isConnected||!e)return;let i=new Map(this.patients.filter(s=>s.deviceId&&s.alertActive).map(s=>[s.deviceId,s.alertActive]));for(let[s,o]of this.alertSources)i.has(s)||(o.stop(),this.alertSources.delete(s));for(let[s,o]of i){let a=this.alertSources.get(s);a||(a=new pi(e,s,d=>{this.alertStates={...this.alertStates,[s]:d}}),this.alertSources.set(s,a),a.start()),a.setHass(e),a.check(e.states[o])}}shouldUpdate(e){if(!this.config)return!1;if(e.size>1||!e.has("hass"))return!0;if(!this.hass)return!1;let i=e.get("hass");return Es(i,this.hass,this.patients.flatMap(ks))}willUpdate(e){if(!this.hass)return;let i=e.get("hass");(!this.loaded||e.has("hass")&&(!i||i.entities!==this.hass.entities||i.devices!==this.hass.devices))&&(this.patients=$s(this.hass),this.loaded=!0)}t(e,i){return ue(Ie(this.hass),e,i)}renderUrgent(e){let i=this.hass,s=e.patient.alertActive?i.states[e.patient.alertActive]:void 0;if(s?.state!=="on")return z;let o=s.attributes,a=e.patient.deviceId?this.alertStates[e.patient.deviceId]:void 0,d=a?.kind==="ready"?a.data.active:[],f=d.find(A=>A.alert_id===o.alert_id)??(typeof o.priority=="string"?o:d[0]);if(!f)return z;let h=String(f.priority??""),y=String(f.vital??""),m=be(f.raised_at),v=h==="critical"?"var(--fajma-critical)":h==="warning"?"var(--fajma-warning)":"var(--primary-color, #03a9f4)";return W`<div class="urgent" data-priority=${h} data-alert-id=${f.alert_id??""} style="--alert-color:${v}">
      <span class="urgent-text"
        ><b>${hi(`alert.priority.${h}`)?this.t(`alert.priority.${h}`):h}</b>
        · ${hi(`vital.${y}`)?this.t(`vital.${y}`):y}${m!==void 0?W` · <span class="urgent-age">${En(m,this.now,Ve(i))}</span>`:z}${f.acknowledged||o.acknowledged===!0?W` · ${this.t("alerts.acked")}`:z}</span
      >
    </div>`}render(){if(!this.config||!this.hass)return z;let e=this.hass,i=this.patients.map(s=>({patient:s,name:s.name,status:Fi(s.patientStatus?e.states[s.patientStatus]:void 0),key:s.deviceId??s.patientStatus??""})).sort(Oa);return W`
      <ha-card>
        <div class="title">${this.config.title??this.t("overview.title")}</div>
        ${i.length===0?W`<div class="warning-box">${this.t("overview.empty")}</div>`:W`<div class="grid">${i.map(s=>this.renderPatient(s))}</div>`}
      </ha-card>
    `}renderValue(e,i,s){if(!e||!_s(e.state))return"—";let o=e.attributes.unit_of_measurement;return W`${sn(Number(e.state),i,s)}${o?W`<span class="v-unit">${o==="%"&&!i.toLowerCase().startsWith("fr")?o:` ${o}`}</span>`:z}`}renderPatient(e){let i=this.hass,s=di(i),o=e.status==="offline",a=Be(e.status),d=e.patient.connectivity?i.states[e.patient.connectivity]?.state:void 0,f=be(e.patient.connectivity?i.states[e.patient.connectivity]?.last_changed:void 0);return W`
      <div
        class="patient ${o?"offline":""}"
        data-status=${e.status}
        data-name=${e.name}
        style="--tile-color:${a.color}"
        role="button"
        tabindex="0"
        @click=${()=>Tn(this,"hass-more-info",{entityId:e.patient.patientStatus})}
      >
        <div class="patient-head">
          <span class="patient-name">${e.name}</span>
          <span class="chip status" style="--chip-color:${a.color}">${this.t(`status.${e.status}`)}</span>
        </div>
        ${e.patient.connectivity?W`<div class="connection secondary" data-state=${d??"unknown"}>
              <span
                class="dot"
                style="background:${d==="on"?"var(--fajma-normal)":d==="off"?"var(--fajma-critical)":"var(--fajma-muted)"}"
              ></span
              >${this.t(d==="on"?"conn.connected":d==="off"?"conn.disconnected":"conn.unknown")}${d==="off"&&f!==void 0?W` · ${En(f,this.now,Ve(i))}`:z}
            </div>`:z}
        ${this.renderUrgent(e)}
        <div class="vitals">
          ${jf.filter(h=>e.patient.vitals[h]).map(h=>{let y=e.patient.vitals[h],m=zi(i.states[y],o,this.now);return W`<div class="vital" data-vital=${h} data-status=${m.status}
              style="--v-color:${Be(m.status).color}">
              <span class="v-label secondary"
                >${this.t(h==="body_temperature"?"vital.short.body_temperature":`vital.${h}`)}</span
              >
              <span class="v-value">${this.renderValue(i.states[y],s,i.entities[y]?.display_precision??kn[h])}</span>
            </div>`})}
        </div>

      </div>
    `}};Ge.styles=[Ts,ve`
      .title {
        font-size: 1.3rem;
        font-weight: 500;
        margin-bottom: 10px;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
        gap: 10px;
      }
      .patient {
        border-radius: 12px;
        padding: 10px 12px;
        border-left: 6px solid var(--tile-color);
        background: color-mix(in srgb, var(--tile-color) 14%, transparent);
        cursor: pointer;
      }
      .patient[data-status="critical"] {
        box-shadow: 0 0 0 2px var(--tile-color);
      }
      .patient-head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 6px;
      }
      .patient-name {
        font-size: 1.15rem;
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .vitals {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 6px;
        margin-top: 8px;
      }
      .vital {
        display: flex;
        flex-direction: column;
        border-top: 3px solid var(--v-color);
        padding-top: 2px;
      }
      .v-label {
        font-size: 0.72rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .v-unit {
        font-size: 0.8rem;
        font-weight: 400;
      }
      .v-value {
        font-size: 24px;
        line-height: 30px;
        overflow: hidden;
        text-overflow: ellipsis;
        font-weight: 500;
        white-space: nowrap;
      }
      .patient.offline .v-value {
        /* Readable (WCAG AA) yet clearly not live. */
        color: color-mix(in srgb, var(--secondary-text-color, #727272) 70%, var(--primary-text-color, #212121));
      }
      .connection {
        display: flex;
        align-items: center;
        gap: 6px;
        margin-top: 4px;
        font-size: 0.8rem;
      }
      .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        flex: none;
      }
      .urgent {
        display: flex;
        align-items: center;
        gap: 6px;
        margin-top: 6px;
        padding: 4px 8px;
        border-radius: 8px;
        font-size: 0.85rem;
        border-left: 4px solid var(--alert-color);
        background: color-mix(in srgb, var(--alert-color) 14%, transparent);
      }
      .urgent-text {
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      @media (max-width: 420px) {
        .grid {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `],X([bt({attribute:!1})],Ge.prototype,"hass",2),X([Lt()],Ge.prototype,"config",2),X([Lt()],Ge.prototype,"now",2),X([Lt()],Ge.prototype,"alertStates",2);var Wi={50:3600,"1h":3600,"24h":86400},Ia=86400,eo=50,to=1e5;function Va(n,t,e,i=Wi[t]){return{type:"history/stream",entity_ids:n,start_time:new Date(e-i*1e3).toISOString(),minimal_response:!0,no_attributes:!0,significant_changes_only:!1}}var Ps=class{constructor(){this.data=new Map}clear(){this.data.clear()}apply(t){for(let[e,i]of Object.entries(t.states??{})){let s=this.data.get(e);s||(s={t:[],v:[]},this.data.set(e,s));for(let o of i){let a=o.lu??o.lc;if(typeof a!="number")continue;let d=Number(o.s),f=o.s!==""&&Number.isFinite(d)?d:null,h=s.t.length-1;if(h>=0&&a<s.t[h]){let y=s.t.findIndex(m=>m>=a);if(s.t[y]===a)continue;s.t.splice(y,0,a),s.v.splice(y,0,f)}else h>=0&&a===s.t[h]?s.v[h]=f:(s.t.push(a),s.v.push(f))}s.t.length>to&&(s.t.splice(0,s.t.length-to),s.v.splice(0,s.v.length-to))}}lastNumeric(t){let e=this.data.get(t);if(e)for(let i=e.v.length-1;i>=0;i--){let s=e.v[i];if(s!==null)return{t:e.t[i],v:s}}}count(t){return this.data.get(t)?.v.filter(e=>e!==null).length??0}series(t,e,i){let s=this.data.get(t);if(!s)return{t:[],v:[]};if(e==="50"){let f=0,h=s.t.length;for(;h>0&&f<eo;)h-=1,s.v[h]!==null&&(f+=1);return{t:s.t.slice(h),v:s.v.slice(h)}}let o=i/1e3-Wi[e],a=s.t.findIndex(f=>f>=o),d=a<0?s.t.length-1:Math.max(0,a-1);return d<0?{t:[],v:[]}:{t:s.t.slice(d),v:s.v.slice(d)}}};function za(n,t){let e=t.buckets??40,i=t.to-t.from;if(i<=0||n.t.length===0)return"";let s=new Array(e).fill(null),o=new Array(e).fill(null),a=new Array(e).fill(!0),d=null,f=0;for(;f<n.t.length&&n.t[f]<t.from;)d=n.v[f],f+=1;for(let _=0;_<e;_++){let x=t.from+_*i/e,L=t.from+(_+1)*i/e,T=j=>{j!==null&&(s[_]=s[_]===null?j:Math.min(s[_],j),o[_]=o[_]===null?j:Math.max(o[_],j))};for(f<n.t.length&&n.t[f]<=x||T(d);f<n.t.length&&n.t[f]<L;)d=n.v[f],T(d),f+=1;a[_]=s[_]===null}let h=[...s,...o].filter(_=>_!==null);if(h.length===0)return"";let y=Math.min(...h),m=Math.max(...h),v=Math.max(t.minSpan??0,1e-9);if(m-y<v){let _=(m+y)/2;y=_-v/2,m=_+v/2}let A=1.5,E=_=>A+(t.height-2*A)*(1-(_-y)/(m-y)),N=_=>t.width*(_+.5)/e,O=_=>Math.round(_*10)/10,k=[],w=!1;for(let _=0;_<e;_++){if(a[_]){w=!1;continue}let x=s[_],L=o[_];k.push(`${w?"L":"M"}${O(N(_))} ${O(E(x))}`),L!==x&&k.push(`L${O(N(_))} ${O(E(L))}`),w=!0}return k.join(" ")}var Bf=10,Qt=class extends Jt{constructor(){super(...arguments);this.now=Date.now();this.window=He.window;this.historyRevision=0;this.alerts={kind:"loading"};this.pendingAck=new Set;this.confirmRestart=!1;this.patientKey="";this.history=new Ps;this.historyKey="";this.historyWide=!1;this.seriesCache=new Map;this.sparkCache=new Map;this.alertsKey=""}static async getConfigElement(){return await Cs(),document.createElement(Ss)}static getStubConfig(e){let i=e?$s(e)[0]:void 0;return i?.deviceId?{type:`custom:${rn}`,device_id:i.deviceId}:i?.patientStatus?{type:`custom:${rn}`,entity:i.patientStatus}:{type:`custom:${rn}`,device_id:""}}setConfig(e){this.config=Ta(e),this.window=this.config.window,this.patientKey=""}getCardSize(){return 8}getGridOptions(){return{columns:12,min_columns:6,rows:"auto"}}connectedCallback(){super.connectedCallback(),this.timer=setInterval(()=>{this.now=Date.now()},1e3),this.syncSubscriptions()}disconnectedCallback(){super.disconnectedCallback(),clearInterval(this.timer),this.timer=void 0,this.stopHistory(),this.stopAlerts()}get uiLang(){return Ie(this.hass)}t(e,i){return ue(this.uiLang,e,i)}shouldUpdate(e){if(!this.config)return!1;if(e.size>1||!e.has("hass"))return!0;let i=e.get("hass");return this.hass?this.patient?Es(i,this.hass,ks(this.patient)):!0:!1}willUpdate(e){if(!this.hass||!this.config)return;let i=e.get("hass"),s=e.has("hass")&&(!i||i.entities!==this.hass.entities||i.devices!==this.hass.devices);(this.patientKey===""||s)&&(this.patient=Zr(this.hass,this.config),this.patientKey=JSON.stringify(this.patient??null)),this.patient&&(!this.chartVital||!this.patient.vitals[this.chartVital])&&(this.chartVital=Pn.find(o=>this.patient?.vitals[o]))}updated(){this.syncSubscriptions()}syncSubscriptions(){if(!this.isConnected||!this.hass||!this.config||!this.patient)return;let e=Pn.map(f=>this.patient?.vitals[f]).filter(f=>!!f),i=this.chartVital?this.patient.vitals[this.chartVital]:void 0,s=e.length?`${e.join(",")}|${this.window}`:"";this.historyKey.startsWith(`${s}|`)||(this.historyWide=!1);let o=s?`${s}|${this.historyWide?"wide":""}`:"";o!==this.historyKey&&(this.stopHistory(),this.historyKey=o,o&&this.startHistory(e,i));let a=this.patient.deviceId,d=this.config.show_alerts&&a?a:"";d!==this.alertsKey&&(this.stopAlerts(),this.alertsKey=d,d&&(this.alertsSource=new pi(this.hass,d,f=>{this.alerts=f}),this.alertsSource.start())),this.alertsSource&&(this.alertsSource.setHass(this.hass),this.alertsSource.check(this.patient.alertActive?this.hass.states[this.patient.alertActive]:void 0))}startHistory(e,i){let s=this.hass;if(!s)return;this.history.clear(),this.historyRevision+=1;let o=this.historyWide,a=Va(e,this.window,Date.now(),o?Ia:void 0),d=!0;this.historyUnsub=s.connection.subscribeMessage(f=>{this.history.apply(f),this.historyRevision+=1,d&&i&&this.window==="50"&&!o&&this.history.count(i)<eo&&(this.historyWide=!0),d=!1},a).catch(f=>{console.warn("fajma-patient-card: history/stream failed",f)})}stopHistory(){let e=this.historyUnsub;this.historyUnsub=void 0,this.historyKey="",e&&e.then(i=>i?.()).catch(()=>{})}stopAlerts(){this.alertsSource?.stop(),this.alertsSource=void 0,this.alertsKey="",this.alerts={kind:"loading"}}async callService(e,i){if(this.hass){this.actionError=void 0;try{await this.hass.callService("fajma",e,i)}catch(s){this.actionError=s&&typeof s=="object"&&"message"in s?String(s.message):String(s)}}}async acknowledge(e){this.pendingAck=new Set([...this.pendingAck,e.alert_id]),await this.callService("acknowledge",{alert_id:e.alert_id});let i=new Set(this.pendingAck);i.delete(e.alert_id),this.pendingAck=i}calibrate(){this.patient?.deviceId&&this.callService("calibrate",{device_id:this.patient.deviceId})}restart(){this.confirmRestart=!1,this.patient?.deviceId&&this.callService("reset",{device_id:this.patient.deviceId})}moreInfo(e){e&&Tn(this,"hass-more-info",{entityId:e})}render(){if(!this.config||!this.hass)return z;let e=this.patient;if(!e)return W`<ha-card><div class="warning-box">${this.t("error.not_found")}</div></ha-card>`;let i=this.hass,s=Fi(e.patientStatus?i.states[e.patientStatus]:void 0),o=s==="offline";return W`
      <ha-card class=${o?"offline":""} data-patient-status=${s}>
        ${this.renderHeader(e,s)}
        ${o?W`<div class="warning-box offline-banner">${this.t("offline.banner")}</div>`:z}
        ${this.renderFinger(e)}
        <div class="tiles">
          ${Pn.filter(a=>e.vitals[a]).map(a=>this.renderTile(a,e,o))}
        </div>
        ${this.config.show_chart?this.renderChart(e):z}
        ${this.config.show_alerts?this.renderAlerts(e):z}
        ${this.config.show_controls&&e.deviceId&&i.user?.is_admin===!0?this.renderControls():z}
        ${this.actionError?W`<div class="action-error">${this.actionError}</div>`:z}
      </ha-card>
    `}maybeT(e,i){return hi(e)?this.t(e):i}statusLabel(e){return this.t(`status.${e}`)}renderHeader(e,i){let s=e.connectivity?this.hass?.states[e.connectivity]?.state:void 0,o=s==="on"?"conn.connected":s==="off"?"conn.disconnected":"conn.unknown",a=s==="on"?"var(--fajma-normal)":s==="off"?"var(--fajma-critical)":"var(--fajma-muted)";return W`
      <div class="header">
        <div class="name" @click=${()=>this.moreInfo(e.patientStatus)}>${e.name}</div>
        <div class="badges">
          ${e.connectivity?W`<span class="chip connection" data-state=${s??"unknown"} style="--chip-color:${a}"
                ><span class="dot"></span>${this.t(o)}</span
              >`:z}
          <span class="chip patient-status" data-status=${i} style="--chip-color:${Be(i).color}"
            >${this.statusLabel(i)}</span
          >
          ${e.irregularPulse&&this.hass?.states[e.irregularPulse]?.state==="on"?W`<span class="chip irregular-pulse" style="--chip-color:var(--fajma-warning)"
                >${this.t("irregular_pulse")}</span
              >`:z}
        </div>
      </div>
    `}renderFinger(e){return(e.fingerDetected?this.hass?.states[e.fingerDetected]?.state:void 0)!=="off"?z:W`<div class="hint finger-absent secondary">${this.t("finger.absent")}</div>`}seriesOf(e){let i=`${this.historyRevision}|${this.historyKey}|${Math.floor(this.now/1e4)}`,s=this.seriesCache.get(e);if(s?.key===i)return s.series;let o=this.history.series(e,this.window,this.now);return this.seriesCache.set(e,{key:i,series:o}),o}sparkline(e){let i=`${this.historyRevision}|${this.historyKey}|${Math.floor(this.now/1e4)}`,s=this.sparkCache.get(e);if(s?.key===i)return s.path;let o=this.history.series(e,this.window==="24h"?"24h":"1h",this.now),a=Math.max(this.now/1e3,(o.t.at(-1)??0)+1),d=Math.min(a-60,Math.max(a-Wi[this.window],o.t[0]??0)),f=this.hass?.entities[e]?.display_precision??kn[Pn.find(y=>this.patient?.vitals[y]===e)??"heart_rate"],h=za(o,{width:100,height:24,from:d,to:a,minSpan:10*10**-f});return this.sparkCache.set(e,{key:i,path:h}),h}renderTile(e,i,s){let o=this.hass,a=i.vitals[e],d=o.states[a],f=zi(d,s,this.now,this.config?.stale_after??0),h=Xr(d,i.connectivity?o.states[i.connectivity]:void 0,i.patientStatus?o.states[i.patientStatus]:void 0),y=di(o),m=o.entities[a]?.display_precision??kn[e],v=d?.attributes??{},A=jr(v.warning_low,v.warning_high,y,m),E=jr(v.critical_low,v.critical_high,y,m),N=Be(f.status),O=this.chartVital===e&&this.config?.show_chart,k=d&&_s(d.state)?Number(d.state):void 0;k===void 0&&!h.live&&(k=this.history.lastNumeric(a)?.v);let w=k===void 0?"—":W`${sn(k,y,m)}<span class="unit"
              >${Sa(v.unit_of_measurement,y)}</span
            >`,_=this.sparkline(a);return W`
      <div
        class="tile ${f.stale?"stale":""} ${O?"selected":""}"
        data-vital=${e}
        data-status=${f.status}
        data-stale=${f.stale?"true":"false"}
        data-fresh=${h.live?"live":"last"}
        style="--tile-color:${N.color}"
        role="button"
        tabindex="0"
        aria-pressed=${O?"true":"false"}
        @click=${()=>{this.chartVital=e}}
        @keydown=${x=>{(x.key==="Enter"||x.key===" ")&&(this.chartVital=e)}}
      >
        <div class="tile-label">${this.t(`vital.${e}`)}</div>
        <div class="tile-value">${w}</div>
        <div class="tile-status">
          ${f.status==="unknown"&&v.status===void 0&&!f.stale?z:this.statusLabel(f.status)}${f.stale&&f.status!=="offline"?W` · ${this.t("status.stale")}`:z}
        </div>
        <svg class="sparkline" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">
          ${_?Go`<path d=${_}></path>`:z}
        </svg>
        <div class="tile-updated secondary">
          ${h.live?W`<span class="live-dot"></span>${this.t("fresh.live")}`:h.since===void 0?this.t("updated.never"):this.t("fresh.last",{ago:En(h.since,this.now,Ve(o))})}
        </div>
        ${A||E?W`<div class="tile-thresholds secondary">
              ${A?W`<span>${this.t("threshold.warning")} ${A}</span>`:z}
              ${E?W`<span>${this.t("threshold.critical")} ${E}</span>`:z}
            </div>`:z}
      </div>
    `}renderChart(e){let i=this.chartVital,s=i?e.vitals[i]:void 0;if(!i||!s||!this.hass)return z;let o=this.hass,a=this.seriesOf(s),d=o.states[s],f=zi(d,!1,this.now),h=Xr(d,e.connectivity?o.states[e.connectivity]:void 0,e.patientStatus?o.states[e.patientStatus]:void 0),y=o.entities[s]?.display_precision??kn[i],m=Math.floor(this.now/1e4)*10,v=Ha(d?.attributes);return W`
      <div class="chart-section">
        <div class="chart-head">
          <span class="chart-title">${this.t(`vital.${i}`)}</span>
          <span class="windows" role="group">
            ${ui.map(A=>W`<button
                class="window ${A===this.window?"selected":""}"
                data-window=${A}
                aria-pressed=${A===this.window?"true":"false"}
                @click=${()=>{this.window=A}}
              >
                ${this.t(`chart.window.${A}`)}
              </button>`)}
          </span>
        </div>
        <fajma-chart
          .series=${a}
          .extendTo=${h.live?this.now/1e3:void 0}
          .xRange=${this.window==="50"?void 0:this.xRange(a,m)}
          .window=${this.window}
          .color=${f.status==="offline"||f.status==="unknown"?"var(--primary-color, #03a9f4)":Be(f.status).color}
          .unit=${d?.attributes.unit_of_measurement??""}
          .locale=${Ve(o)}
          .numberLocale=${di(o)}
          .hour12=${Jr(o)}
          .decimals=${y}
          .points=${this.window==="50"}
          .thresholds=${v}
          .levelLabels=${this.levelLabels}
          .noReading=${this.t("chart.no_reading")}
          .theme=${o.themes?.darkMode?"dark":"light"}
          data-points=${a.t.length}
          data-thresholds=${v.length}
        ></fajma-chart>
        ${a.t.length===0?W`<div class="chart-empty secondary">${this.t("chart.empty")}</div>`:z}
      </div>
    `}xRange(e,i){let s=i-Wi[this.window],o=e.t[0];return[o!==void 0&&o>s?Math.min(o,i-60):s,i+10]}get levelLabels(){let e=this.uiLang;return this.levelLabelsCache?.lang!==e&&(this.levelLabelsCache={lang:e,labels:{warning:this.t("threshold.warning"),critical:this.t("threshold.critical")}}),this.levelLabelsCache.labels}renderAlerts(e){let i=this.alerts;if(i.kind==="unsupported"||i.kind==="loading"||!e.deviceId)return z;if(i.kind==="error")return W`<div class="alerts error secondary">${this.t("alerts.error",{message:i.message})}</div>`;let s=Ma(i.data.history).slice(0,Bf);return W`
      <div class="alerts">
        <div class="section-title">${this.t("alerts.title")}</div>
        ${i.data.active.length===0?W`<div class="alerts-none secondary">${this.t("alerts.none")}</div>`:i.data.active.map(o=>this.renderAlert(o,!0,e))}
        ${s.length?W`<details class="alert-history">
              <summary class="secondary">${this.t("alerts.history")} (${s.length})</summary>
              ${s.map(o=>this.renderAlert(o.latest,!1,e,o.transitions))}
            </details>`:z}
      </div>
    `}alertColor(e){let i=e.toLowerCase();return i==="critical"||i==="high"||i==="urgent"?"var(--fajma-critical)":i==="warning"||i==="medium"?"var(--fajma-warning)":"var(--primary-color, #03a9f4)"}clock(e){let i=this.hass,s=new Date(e).toDateString()===new Date(this.now).toDateString();return new Intl.DateTimeFormat(Ve(i),{...s?{}:{day:"numeric",month:"short"},hour:"2-digit",minute:"2-digit",hour12:Jr(i)}).format(new Date(e))}transitionLabel(e){return e.state==="acknowledged"&&e.acknowledged_by?e.acknowledged_by==="phone"?this.t("alert.state.acknowledged_phone"):this.t("alert.state.acknowledged_by",{who:e.acknowledged_by}):e.state==="escalated"&&e.escalation==="renotify"?this.t("alert.state.reminder"):this.maybeT(`alert.state.${e.state}`,e.state)}renderAcked(e){let i=this.hass,s=be(e.acknowledged_at),o=e.acknowledged_by;return W`<span class="acked secondary" data-acknowledged-by=${o??""}
      >${o==="phone"?this.t("alerts.acked_phone"):o?this.t("alerts.acked_by",{who:o}):this.t("alerts.acked")}${s!==void 0?W` · <time datetime=${new Date(s).toISOString()} title=${this.clock(s)}
              >${En(s,this.now,Ve(i))}</time
            >`:z}</span
    >`}renderAlert(e,i,s,o=[]){let a=this.hass,d=di(a),f=e.vital,y=(s.vitals[f]?a.states[s.vitals[f]]:void 0)?.attributes.unit_of_measurement,m=kn[f]??1,v=hi(`vital.${e.vital}`)?this.t(`vital.${e.vital}`):e.vital,A=be(e.raised_at??(o.length?void 0:e.time)),E=this.pendingAck.has(e.alert_id);return W`
      <div
        class="alert ${i?"active":"past"}"
        data-alert-id=${e.alert_id}
        data-priority=${e.priority}
        style="--alert-color:${this.alertColor(e.priority)}"
      >
        <div class="alert-main">
          <span class="chip" style="--chip-color:var(--alert-color)">${this.maybeT(`alert.priority.${e.priority}`,e.priority)}</span>
          <span class="alert-text"
            ><b>${v}</b>${e.value!==null&&e.value!==void 0?W` ${Kr(e.value,d,m,y)}`:z}
            <span class="secondary"
              >· ${this.maybeT(`alert.kind.${e.kind}`,e.kind)}${e.threshold!==null&&e.threshold!==void 0?W` · ${this.t("alerts.threshold",{threshold:Kr(e.threshold,d,m,y)})}`:z}${A!==void 0?W` · ${En(A,this.now,Ve(a))}`:z}</span
            ></span
          >
        </div>
        ${i?e.acknowledged?this.renderAcked(e):W`<button class="ack" ?disabled=${E} @click=${()=>this.acknowledge(e)}>
                ${this.t("alerts.ack")}
              </button>`:z}
        ${o.length?W`<ol class="transitions secondary">
              ${o.map(N=>{let O=be(N.time??N.raised_at);return W`<li data-state=${N.state}>
                  ${O!==void 0?W`<time datetime=${new Date(O).toISOString()}>${this.clock(O)}</time> `:z}${this.transitionLabel(N)}
                </li>`})}
            </ol>`:z}
      </div>
    `}renderControls(){return W`
      <div class="controls">
        ${this.confirmRestart?W`<div class="confirm" role="alertdialog">
              <span>${this.t("controls.restart_confirm")}</span>
              <span class="confirm-buttons">
                <button class="cancel" @click=${()=>this.confirmRestart=!1}>${this.t("controls.cancel")}</button>
                <button class="danger confirm-restart" @click=${()=>this.restart()}>${this.t("controls.confirm")}</button>
              </span>
            </div>`:W`<button class="calibrate" @click=${()=>this.calibrate()}>${this.t("controls.calibrate")}</button>
              <button class="danger restart" @click=${()=>this.confirmRestart=!0}>
                ${this.t("controls.restart")}
              </button>`}
      </div>
    `}};Qt.styles=[Ts,ve`
      .header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        margin-bottom: 10px;
      }
      .name {
        font-size: 1.25rem;
        font-weight: 500;
        cursor: pointer;
      }
      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: currentColor;
      }
      .offline-banner,
      .hint {
        margin-bottom: 10px;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
        gap: 8px;
      }
      .tile {
        border-radius: 10px;
        padding: 8px 10px;
        border-left: 5px solid var(--tile-color);
        background: color-mix(in srgb, var(--tile-color) 12%, transparent);
        cursor: pointer;
        min-width: 0;
        outline: none;
      }
      .tile.selected {
        box-shadow: inset 0 0 0 2px color-mix(in srgb, var(--tile-color) 70%, transparent);
      }
      .tile:focus-visible {
        box-shadow: inset 0 0 0 2px var(--primary-color, #03a9f4);
      }
      .tile-label {
        font-size: 0.85rem;
        color: var(--secondary-text-color, #727272);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .tile-value .unit {
        font-size: 16px;
        font-weight: 400;
      }
      .tile-value {
        font-size: 28px;
        font-weight: 500;
        line-height: 36px;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .tile-status {
        font-size: 0.85rem;
        font-weight: 600;
        color: var(--tile-color);
      }
      .tile.stale .tile-value,
      .tile[data-fresh="last"] .tile-value {
        /* Readable (WCAG AA) yet clearly not live. */
        color: color-mix(in srgb, var(--secondary-text-color, #727272) 70%, var(--primary-text-color, #212121));
      }
      .tile.stale .tile-value {
        text-decoration: line-through;
        text-decoration-thickness: 1px;
      }
      .tile-updated,
      .tile-thresholds {
        font-size: 0.75rem;
      }
      .sparkline {
        display: block;
        width: 100%;
        height: 24px;
        margin: 2px 0;
        overflow: visible;
      }
      .sparkline path {
        fill: none;
        stroke: var(--tile-color);
        stroke-width: 1.5px;
        stroke-linecap: round;
        stroke-linejoin: round;
        vector-effect: non-scaling-stroke;
      }
      .live-dot {
        display: inline-block;
        width: 7px;
        height: 7px;
        margin-right: 4px;
        border-radius: 50%;
        background: var(--fajma-normal);
        vertical-align: middle;
      }
      .tile-thresholds {
        display: flex;
        flex-wrap: wrap;
        column-gap: 8px;
      }
      .chart-section {
        margin-top: 14px;
        position: relative;
      }
      .chart-head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 6px;
        margin-bottom: 4px;
      }
      .chart-title,
      .section-title {
        font-weight: 500;
      }
      .windows {
        display: inline-flex;
        gap: 4px;
      }
      .windows button {
        padding: 2px 12px;
      }
      .chart-empty {
        position: absolute;
        inset: 40px 0 auto 0;
        text-align: center;
        font-size: 0.85rem;
      }
      .alerts {
        margin-top: 14px;
      }
      .alert {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 6px;
        padding: 6px 8px;
        margin-top: 6px;
        border-radius: 8px;
        border-left: 4px solid var(--alert-color);
        background: color-mix(in srgb, var(--alert-color) 10%, transparent);
      }
      .alert.past {
        opacity: 0.75;
      }
      .alert-main {
        display: flex;
        align-items: center;
        gap: 6px;
        flex-wrap: wrap;
        min-width: 0;
      }
      .alerts-none {
        font-size: 0.9rem;
        margin-top: 4px;
      }
      details summary {
        cursor: pointer;
        margin-top: 6px;
        font-size: 0.85rem;
        min-height: 44px;
        display: flex;
        align-items: center;
      }
      .transitions {
        flex-basis: 100%;
        margin: 0;
        padding: 0;
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 2px 12px;
        font-size: 0.8rem;
      }
      .acked {
        font-size: 0.85rem;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: 8px;
        margin-top: 14px;
      }
      .confirm {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        justify-content: space-between;
        width: 100%;
      }
      .confirm-buttons {
        display: inline-flex;
        gap: 8px;
      }
      .action-error {
        margin-top: 8px;
        color: var(--error-color, #db4437);
        font-size: 0.85rem;
      }
      @media (max-width: 420px) {
        .tiles {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
        .tile-value {
          font-size: 26px;
          line-height: 32px;
        }
      }
    `],X([bt({attribute:!1})],Qt.prototype,"hass",2),X([Lt()],Qt.prototype,"config",2),X([Lt()],Qt.prototype,"now",2),X([Lt()],Qt.prototype,"window",2),X([Lt()],Qt.prototype,"chartVital",2),X([Lt()],Qt.prototype,"historyRevision",2),X([Lt()],Qt.prototype,"alerts",2),X([Lt()],Qt.prototype,"pendingAck",2),X([Lt()],Qt.prototype,"confirmRestart",2),X([Lt()],Qt.prototype,"actionError",2);fi("fajma-chart",Ct);fi(rn,Qt);fi(Ss,Rn);fi(Vi,Ge);fi(As,Mn);var Rs=Ie({language:document.documentElement.lang||navigator.language});qr({type:rn,name:ue(Rs,"card.patient.name"),description:ue(Rs,"card.patient.description"),preview:!0});qr({type:Vi,name:ue(Rs,"card.overview.name"),description:ue(Rs,"card.overview.description"),preview:!0});
/*! Bundled license information:

@lit/reactive-element/css-tag.js:
  (**
   * @license
   * Copyright 2019 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/reactive-element.js:
lit-html/lit-html.js:
lit-element/lit-element.js:
@lit/reactive-element/decorators/custom-element.js:
@lit/reactive-element/decorators/property.js:
@lit/reactive-element/decorators/state.js:
@lit/reactive-element/decorators/event-options.js:
@lit/reactive-element/decorators/base.js:
@lit/reactive-element/decorators/query.js:
@lit/reactive-element/decorators/query-all.js:
@lit/reactive-element/decorators/query-async.js:
@lit/reactive-element/decorators/query-assigned-nodes.js:
  (**
   * @license
   * Copyright 2017 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/is-server.js:
  (**
   * @license
   * Copyright 2022 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/decorators/query-assigned-elements.js:
  (**
   * @license
   * Copyright 2021 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)
*/
